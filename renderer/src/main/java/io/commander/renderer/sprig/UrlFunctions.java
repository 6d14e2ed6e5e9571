package io.commander.renderer.sprig;

import static io.commander.renderer.gotemplate.GoType.MAP;
import static io.commander.renderer.gotemplate.GoType.STRING;

import io.commander.renderer.gotemplate.GoValues;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * sprig's {@code urlParse} and {@code urlJoin} ({@code url.go}) over a port of the parts of Go's
 * {@code net/url} (Go 1.19) they use: {@code Parse}, {@code URL.String}, {@code Hostname} and the
 * escaping rules of each URL part.
 */
final class UrlFunctions {

  private static final int PATH = 1;
  private static final int PATH_SEGMENT = 2;
  private static final int HOST = 3;
  private static final int ZONE = 4;
  private static final int USER_PASSWORD = 5;
  private static final int QUERY_COMPONENT = 6;
  private static final int FRAGMENT = 7;

  private UrlFunctions() {
  }

  static void register(final FunctionTable t) {
    t.fixed("urlParse", a -> urlParse(StringFunctions.str(a[0])), STRING)
        .fixed("urlJoin", a -> urlJoin(GoConvert.asMap(a[0])), MAP);
  }

  /** The parts of a URL, as Go's {@code url.URL} holds them. */
  private static final class Url {
    String scheme = "";
    String opaque = "";
    String username;
    String password;
    boolean passwordSet;
    String host = "";
    String path = "";
    String rawPath = "";
    boolean omitHost;
    boolean forceQuery;
    String rawQuery = "";
    String fragment = "";
    String rawFragment = "";

    boolean hasUser() {
      return username != null;
    }
  }

  /** A failure of Go's {@code url.Parse}. */
  private static final class UrlError extends Exception {
    private static final long serialVersionUID = 1L;

    UrlError(final String message) {
      super(message, null, false, false);
    }
  }

  /** sprig's {@code urlParse}: the parts of the URL as a dict; a bad URL panics. */
  static Map<String, Object> urlParse(final String v) throws FunctionException {
    final Url u;
    try {
      u = parse(v);
    } catch (final UrlError e) {
      throw new FunctionException("unable to parse url: " + e.getMessage());
    }
    final Map<String, Object> dict = new LinkedHashMap<>();
    dict.put("scheme", u.scheme);
    dict.put("host", u.host);
    dict.put("hostname", hostname(u.host));
    dict.put("path", u.path);
    dict.put("query", u.rawQuery);
    dict.put("opaque", u.opaque);
    dict.put("fragment", u.fragment);
    dict.put("userinfo", u.hasUser() ? userinfo(u) : "");
    return dict;
  }

  /** sprig's {@code urlJoin}: a URL built from the dict's parts. */
  static String urlJoin(final Map<String, Object> d) throws FunctionException {
    final Url u = new Url();
    u.scheme = part(d, "scheme");
    u.host = part(d, "host");
    u.path = part(d, "path");
    u.rawQuery = part(d, "query");
    u.opaque = part(d, "opaque");
    u.fragment = part(d, "fragment");
    final String userinfo = part(d, "userinfo");
    if (!userinfo.isEmpty()) {
      final Url temp;
      try {
        temp = parse("proto://" + userinfo + "@host");
      } catch (final UrlError e) {
        throw new FunctionException("unable to parse userinfo in dict: " + e.getMessage());
      }
      u.username = temp.username;
      u.password = temp.password;
      u.passwordSet = temp.passwordSet;
    }
    return string(u);
  }

  private static String part(final Map<String, Object> d, final String key) throws FunctionException {
    if (d == null || !d.containsKey(key)) {
      return "";
    }
    final Object value = d.get(key);
    if (!(value instanceof String s)) {
      throw new FunctionException("unable to parse " + key + " key, must be of type string, but "
          + GoConvert.kind(value) + " found");
    }
    return s;
  }

  // ---------------------------------------------------------------- net/url

  /** {@code url.Parse}: the fragment split off first, with Go's {@code parse "URL": ...} errors. */
  private static Url parse(final String raw) throws UrlError {
    final int hash = raw.indexOf('#');
    final String u = hash < 0 ? raw : raw.substring(0, hash);
    final Url url;
    try {
      url = parseWithoutFragment(u);
    } catch (final UrlError e) {
      throw new UrlError("parse " + GoValues.quote(u) + ": " + e.getMessage());
    }
    if (hash < 0) {
      return url;
    }
    final String frag = raw.substring(hash + 1);
    if (frag.isEmpty()) {
      return url;
    }
    try {
      url.fragment = unescape(frag, FRAGMENT);
    } catch (final UrlError e) {
      throw new UrlError("parse " + GoValues.quote(raw) + ": " + e.getMessage());
    }
    url.rawFragment = escape(url.fragment, FRAGMENT).equals(frag) ? "" : frag;
    return url;
  }

  private static Url parseWithoutFragment(final String raw) throws UrlError {
    for (final byte b : GoText.utf8(raw)) {
      if ((b & 0xFF) < ' ' || b == 0x7F) {
        throw new UrlError("net/url: invalid control character in URL");
      }
    }
    final Url url = new Url();
    if (raw.equals("*")) {
      url.path = "*";
      return url;
    }
    String rest = raw;
    for (int i = 0; i < raw.length(); i++) {
      final char c = raw.charAt(i);
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
        continue;
      }
      if (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
        if (i == 0) {
          break;
        }
        continue;
      }
      if (c == ':') {
        if (i == 0) {
          throw new UrlError("missing protocol scheme");
        }
        url.scheme = raw.substring(0, i).toLowerCase(Locale.ROOT);
        rest = raw.substring(i + 1);
      }
      break;
    }
    if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
      url.forceQuery = true;
      rest = rest.substring(0, rest.length() - 1);
    } else {
      final int q = rest.indexOf('?');
      if (q >= 0) {
        url.rawQuery = rest.substring(q + 1);
        rest = rest.substring(0, q);
      }
    }
    if (!rest.startsWith("/")) {
      if (!url.scheme.isEmpty()) {
        url.opaque = rest;
        return url;
      }
      final int slash = rest.indexOf('/');
      final String segment = slash < 0 ? rest : rest.substring(0, slash);
      if (segment.contains(":")) {
        throw new UrlError("first path segment in URL cannot contain colon");
      }
    }
    if ((!url.scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
      String authority = rest.substring(2);
      rest = "";
      final int slash = authority.indexOf('/');
      if (slash >= 0) {
        rest = authority.substring(slash);
        authority = authority.substring(0, slash);
      }
      parseAuthority(authority, url);
    } else if (!url.scheme.isEmpty() && rest.startsWith("/")) {
      url.omitHost = true;
    }
    url.path = unescape(rest, PATH);
    url.rawPath = escape(url.path, PATH).equals(rest) ? "" : rest;
    return url;
  }

  private static void parseAuthority(final String authority, final Url url) throws UrlError {
    final int at = authority.lastIndexOf('@');
    url.host = parseHost(at < 0 ? authority : authority.substring(at + 1));
    if (at < 0) {
      return;
    }
    final String userinfo = authority.substring(0, at);
    for (int i = 0; i < userinfo.length(); i++) {
      final char r = userinfo.charAt(i);
      if (!(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
          || "-._:~!$&'()*+,;=%@".indexOf(r) >= 0)) {
        throw new UrlError("net/url: invalid userinfo");
      }
    }
    final int colon = userinfo.indexOf(':');
    if (colon < 0) {
      url.username = unescape(userinfo, USER_PASSWORD);
    } else {
      url.username = unescape(userinfo.substring(0, colon), USER_PASSWORD);
      url.password = unescape(userinfo.substring(colon + 1), USER_PASSWORD);
      url.passwordSet = true;
    }
  }

  private static String parseHost(final String host) throws UrlError {
    if (host.startsWith("[")) {
      final int i = host.lastIndexOf(']');
      if (i < 0) {
        throw new UrlError("missing ']' in host");
      }
      final String colonPort = host.substring(i + 1);
      if (!validOptionalPort(colonPort)) {
        throw new UrlError("invalid port " + GoValues.quote(colonPort) + " after host");
      }
      final int zone = host.substring(0, i).indexOf("%25");
      if (zone >= 0) {
        return unescape(host.substring(0, zone), HOST) + unescape(host.substring(zone, i), ZONE)
            + unescape(host.substring(i), HOST);
      }
    } else {
      final int i = host.lastIndexOf(':');
      if (i != -1) {
        final String colonPort = host.substring(i);
        if (!validOptionalPort(colonPort)) {
          throw new UrlError("invalid port " + GoValues.quote(colonPort) + " after host");
        }
      }
    }
    return unescape(host, HOST);
  }

  private static boolean validOptionalPort(final String port) {
    if (port.isEmpty()) {
      return true;
    }
    if (port.charAt(0) != ':') {
      return false;
    }
    return port.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** {@code URL.Hostname}: the host without its port and IPv6 brackets. */
  private static String hostname(final String hostPort) {
    String host = hostPort;
    final int colon = host.lastIndexOf(':');
    if (colon != -1 && validOptionalPort(host.substring(colon))) {
      host = host.substring(0, colon);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host;
  }

  private static String userinfo(final Url u) {
    String s = escape(u.username, USER_PASSWORD);
    if (u.passwordSet) {
      s += ":" + escape(u.password, USER_PASSWORD);
    }
    return s;
  }

  /** {@code URL.String}. */
  private static String string(final Url u) {
    final StringBuilder buf = new StringBuilder();
    if (!u.scheme.isEmpty()) {
      buf.append(u.scheme).append(':');
    }
    if (!u.opaque.isEmpty()) {
      buf.append(u.opaque);
    } else {
      if (!u.scheme.isEmpty() || !u.host.isEmpty() || u.hasUser()) {
        if (!(u.omitHost && u.host.isEmpty() && !u.hasUser())) {
          if (!u.host.isEmpty() || !u.path.isEmpty() || u.hasUser()) {
            buf.append("//");
          }
          if (u.hasUser()) {
            buf.append(userinfo(u)).append('@');
          }
          if (!u.host.isEmpty()) {
            buf.append(escape(u.host, HOST));
          }
        }
      }
      final String path = escapedPath(u);
      if (!path.isEmpty() && path.charAt(0) != '/' && !u.host.isEmpty()) {
        buf.append('/');
      }
      if (buf.length() == 0) {
        final int slash = path.indexOf('/');
        if ((slash < 0 ? path : path.substring(0, slash)).contains(":")) {
          buf.append("./");
        }
      }
      buf.append(path);
    }
    if (u.forceQuery || !u.rawQuery.isEmpty()) {
      buf.append('?').append(u.rawQuery);
    }
    if (!u.fragment.isEmpty()) {
      buf.append('#').append(escapedFragment(u));
    }
    return buf.toString();
  }

  private static String escapedPath(final Url u) {
    if (!u.rawPath.isEmpty() && validEncoded(u.rawPath, PATH)) {
      try {
        if (unescape(u.rawPath, PATH).equals(u.path)) {
          return u.rawPath;
        }
      } catch (final UrlError e) {
        // fall back to escaping the path
      }
    }
    if (u.path.equals("*")) {
      return "*";
    }
    return escape(u.path, PATH);
  }

  private static String escapedFragment(final Url u) {
    if (!u.rawFragment.isEmpty() && validEncoded(u.rawFragment, FRAGMENT)) {
      try {
        if (unescape(u.rawFragment, FRAGMENT).equals(u.fragment)) {
          return u.rawFragment;
        }
      } catch (final UrlError e) {
        // fall back to escaping the fragment
      }
    }
    return escape(u.fragment, FRAGMENT);
  }

  private static boolean validEncoded(final String s, final int mode) {
    for (final byte b : GoText.utf8(s)) {
      if ("!$&'()*+,;=:@[]%".indexOf(b) >= 0 && b > 0) {
        continue;
      }
      if (shouldEscape(b & 0xFF, mode)) {
        return false;
      }
    }
    return true;
  }

  private static boolean shouldEscape(final int c, final int mode) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return false;
    }
    if ((mode == HOST || mode == ZONE) && "!$&'()*+,;=:[]<>\"".indexOf(c) >= 0) {
      return false;
    }
    switch (c) {
      case '-', '_', '.', '~':
        return false;
      case '$', '&', '+', ',', '/', ':', ';', '=', '?', '@':
        switch (mode) {
          case PATH:
            return c == '?';
          case PATH_SEGMENT:
            return c == '/' || c == ';' || c == ',' || c == '?';
          case USER_PASSWORD:
            return c == '@' || c == '/' || c == '?' || c == ':';
          case QUERY_COMPONENT:
            return true;
          case FRAGMENT:
            return false;
          default:
            break;
        }
        break;
      default:
        break;
    }
    if (mode == FRAGMENT && (c == '!' || c == '(' || c == ')' || c == '*')) {
      return false;
    }
    return true;
  }

  private static int unhex(final int c) {
    return Character.digit(c, 16);
  }

  private static boolean ishex(final int c) {
    return c < 0x80 && Character.digit(c, 16) >= 0;
  }

  /** Go's {@code unescape}: %XX decoding with the checks of each URL part. */
  private static String unescape(final String str, final int mode) throws UrlError {
    final byte[] s = GoText.utf8(str);
    int n = 0;
    boolean hasPlus = false;
    for (int i = 0; i < s.length; ) {
      final int c = s[i] & 0xFF;
      if (c == '%') {
        n++;
        if (i + 2 >= s.length || !ishex(s[i + 1] & 0xFF) || !ishex(s[i + 2] & 0xFF)) {
          final int end = Math.min(s.length, i + 3);
          throw new UrlError("invalid URL escape " + GoValues.quote(GoText.string(s, i, end)));
        }
        final String escapeText = GoText.string(s, i, i + 3);
        if (mode == HOST && unhex(s[i + 1]) < 8 && !escapeText.equals("%25")) {
          throw new UrlError("invalid URL escape " + GoValues.quote(escapeText));
        }
        if (mode == ZONE) {
          final int v = unhex(s[i + 1]) << 4 | unhex(s[i + 2]);
          if (!escapeText.equals("%25") && v != ' ' && shouldEscape(v, HOST)) {
            throw new UrlError("invalid URL escape " + GoValues.quote(escapeText));
          }
        }
        i += 3;
      } else if (c == '+') {
        hasPlus = mode == QUERY_COMPONENT;
        i++;
      } else {
        if ((mode == HOST || mode == ZONE) && c < 0x80 && shouldEscape(c, mode)) {
          throw new UrlError("invalid character " + GoValues.quote(String.valueOf((char) c)) + " in host name");
        }
        i++;
      }
    }
    if (n == 0 && !hasPlus) {
      return str;
    }
    final ByteArrayOutputStream t = new ByteArrayOutputStream(s.length);
    for (int i = 0; i < s.length; i++) {
      final int c = s[i] & 0xFF;
      if (c == '%') {
        t.write(unhex(s[i + 1]) << 4 | unhex(s[i + 2]));
        i += 2;
      } else if (c == '+') {
        t.write(mode == QUERY_COMPONENT ? ' ' : '+');
      } else {
        t.write(c);
      }
    }
    final byte[] out = t.toByteArray();
    return GoText.string(out, 0, out.length);
  }

  /** Go's {@code escape}: %XX encoding of the bytes each URL part may not hold as they are. */
  private static String escape(final String str, final int mode) {
    final byte[] s = GoText.utf8(str);
    final StringBuilder t = new StringBuilder(s.length + 8);
    boolean changed = false;
    for (final byte b : s) {
      final int c = b & 0xFF;
      if (c == ' ' && mode == QUERY_COMPONENT) {
        t.append('+');
        changed = true;
      } else if (shouldEscape(c, mode)) {
        t.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
        changed = true;
      } else {
        t.append((char) c);
      }
    }
    return changed ? t.toString() : str;
  }
}
