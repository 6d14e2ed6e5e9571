package io.commander.renderer.params;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** The string formats a schema field may require, checked as Commander's forms check them. */
final class Formats {

  private static final Pattern EMAIL = Pattern.compile("^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$");
  private static final Pattern UUID = Pattern.compile(
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final Pattern CUID = Pattern.compile("^c[^\\s-]{8,}$");
  private static final Pattern CUID2 = Pattern.compile("^[a-z][a-z0-9]*$");
  private static final Pattern ULID = Pattern.compile("^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$");
  private static final Pattern IPV4 = Pattern.compile(
      "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
  private static final Pattern HOSTNAME = Pattern.compile(
      "^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$");

  private Formats() {
  }

  /** Why the value does not have the format, or null when it does. */
  static String check(final String format, final String value) {
    final boolean ok = switch (format) {
      case "password" -> true;
      case "date-time" -> dateTime(value);
      case "url" -> url(value);
      case "email" -> EMAIL.matcher(value).matches();
      case "uuid" -> UUID.matcher(value).matches();
      case "cuid" -> CUID.matcher(value).matches();
      case "cuid2" -> CUID2.matcher(value).matches();
      case "ulid" -> ULID.matcher(value).matches();
      case "emoji" -> emoji(value);
      case "ipv4" -> IPV4.matcher(value).matches();
      case "ipv6" -> ipv6(value);
      case "hostname" -> HOSTNAME.matcher(value).matches();
      default -> true;
    };
    return ok ? null : "is not a valid " + format;
  }

  private static boolean dateTime(final String value) {
    try {
      OffsetDateTime.parse(value);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean url(final String value) {
    try {
      final URI uri = new URI(value);
      return uri.getScheme() != null && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean ipv6(final String value) {
    if (!value.contains(":") || !value.matches("[0-9A-Fa-f:.]+")) {
      return false;
    }
    try {
      return java.net.InetAddress.getByName(value) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** Pictographs, with the joiners, variation selectors and skin tones that compose them. */
  private static boolean emoji(final String value) {
    if (value.isEmpty()) {
      return false;
    }
    return value.codePoints().allMatch(cp -> (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF)
        || (cp >= 0x2190 && cp <= 0x21FF) || (cp >= 0x2300 && cp <= 0x23FF) || (cp >= 0x2B00 && cp <= 0x2BFF)
        || cp == 0x200D || cp == 0xFE0F || cp == 0x20E3 || cp == 0x00A9 || cp == 0x00AE || cp == 0x3030
        || (cp >= 0xE0020 && cp <= 0xE007F));
  }
}
