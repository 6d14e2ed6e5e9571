package io.commander.renderer.sprig;

import java.math.BigInteger;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * Go's {@code time.Time} as sprig's date functions produce and consume it: an instant, a location
 * ({@code Local}, {@code UTC}, a tz database zone or a fixed offset with a name), Go's layout-based
 * {@code Format} and {@code Parse} (reference time {@code Mon Jan 2 15:04:05 MST 2006}), and Go's
 * {@code String()} when printed.
 */
final class GoTime {

  private static final String[] LONG_MONTHS = {"January", "February", "March", "April", "May", "June", "July",
      "August", "September", "October", "November", "December"};
  private static final String[] SHORT_MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
      "Nov", "Dec"};
  private static final String[] LONG_DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
      "Saturday"};
  private static final String[] SHORT_DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

  /** A Go location: its name and the zone rules (a fixed zone also carries its abbreviation). */
  record Location(String name, ZoneId zone, String fixedAbbreviation) {

    static final Location UTC = new Location("UTC", ZoneOffset.UTC, "UTC");

    /** The location Go calls {@code Local}: the zone of this process. */
    static Location local(final ZoneId zone) {
      return new Location("Local", zone, null);
    }

    /** {@code time.LoadLocation}: "" and "UTC" are UTC, "Local" is local, else a tz database name. */
    static Location load(final String name, final ZoneId local) {
      if (name.isEmpty() || name.equals("UTC")) {
        return UTC;
      }
      if (name.equals("Local")) {
        return local(local);
      }
      if (!ZoneId.getAvailableZoneIds().contains(name)) {
        return null;
      }
      try {
        return new Location(name, ZoneId.of(name), null);
      } catch (final DateTimeException e) {
        return null;
      }
    }

    /** The zone abbreviation Go prints for {@code MST} at {@code instant}. */
    String abbreviation(final Instant instant) {
      if (fixedAbbreviation != null) {
        return fixedAbbreviation;
      }
      final ZonedDateTime t = instant.atZone(zone);
      if (t.getOffset().getTotalSeconds() == 0 && (zone.getId().equals("Etc/UTC") || zone.getId().equals("UTC")
          || zone.getId().equals("Z") || zone.getId().equals("Etc/Universal"))) {
        return "UTC";
      }
      final String name = DateTimeFormatter.ofPattern("zzz", Locale.US).format(t);
      if (name.startsWith("GMT") && name.length() > 3) {
        // tzdata names such zones by their offset, e.g. +03 or +0530.
        final int seconds = t.getOffset().getTotalSeconds();
        final int minutes = Math.abs(seconds) / 60;
        final String hhmm = String.format(Locale.ROOT, "%02d", minutes / 60)
            + (minutes % 60 == 0 ? "" : String.format(Locale.ROOT, "%02d", minutes % 60));
        return (seconds < 0 ? "-" : "+") + hhmm;
      }
      return name;
    }
  }

  private final long seconds;
  private final int nanos;
  private final Location location;

  GoTime(final long seconds, final int nanos, final Location location) {
    this.seconds = seconds;
    this.nanos = nanos;
    this.location = location;
  }

  /** {@code time.Now()} in {@code Local}. */
  static GoTime now(final Clock clock) {
    final Instant i = clock.instant();
    return new GoTime(i.getEpochSecond(), i.getNano(), Location.local(clock.getZone()));
  }

  /** {@code time.Unix(sec, 0)} in {@code Local}. */
  static GoTime unix(final long sec, final ZoneId local) {
    return new GoTime(sec, 0, Location.local(local));
  }

  /** Go's zero {@code time.Time}: January 1, year 1, 00:00:00 UTC. */
  static GoTime zero() {
    return new GoTime(LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC), 0, Location.UTC);
  }

  /** {@code t.Unix()}. */
  long unix() {
    return seconds;
  }

  /** {@code t.In(loc)}. */
  GoTime in(final Location loc) {
    return new GoTime(seconds, nanos, loc);
  }

  /** {@code t.Add(d)} for a duration in nanoseconds. */
  GoTime add(final long d) {
    final long s = seconds + Math.floorDiv(d, 1_000_000_000L);
    final long n = nanos + Math.floorMod(d, 1_000_000_000L);
    return new GoTime(s + n / 1_000_000_000L, (int) (n % 1_000_000_000L), location);
  }

  /** Nanoseconds from {@code this} to {@code later} ({@code later.Sub(t)}), saturated as Go does. */
  long until(final GoTime later) {
    final BigInteger d = BigInteger.valueOf(later.seconds - seconds)
        .multiply(BigInteger.valueOf(1_000_000_000L))
        .add(BigInteger.valueOf(later.nanos - nanos));
    if (d.bitLength() >= 64) {
      return d.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return d.longValue();
  }

  private ZonedDateTime local() {
    return Instant.ofEpochSecond(seconds, nanos).atZone(location.zone);
  }

  /** {@code t.String()}: {@code 2006-01-02 15:04:05.999999999 -0700 MST}. */
  @Override
  public String toString() {
    return format("2006-01-02 15:04:05.999999999 -0700 MST");
  }

  /** {@code t.MarshalText()}: RFC 3339 with nanoseconds, as JSON and YAML write times. */
  String marshalText() throws FunctionException {
    final int year = local().getYear();
    if (year < 0 || year > 9999) {
      throw new FunctionException("Time.MarshalJSON: year outside of range [0,9999]");
    }
    return format("2006-01-02T15:04:05.999999999Z07:00");
  }

  @Override
  public boolean equals(final Object o) {
    return o instanceof GoTime t && t.seconds == seconds && t.nanos == nanos && t.location.equals(location);
  }

  @Override
  public int hashCode() {
    return Objects.hash(seconds, nanos, location);
  }

  // ---------------------------------------------------------------- layouts

  private enum Std {
    NONE, LONG_MONTH, MONTH, NUM_MONTH, ZERO_MONTH, LONG_WEEKDAY, WEEKDAY, DAY, UNDER_DAY, ZERO_DAY, UNDER_YEAR_DAY,
    ZERO_YEAR_DAY, HOUR, HOUR12, ZERO_HOUR12, MINUTE, ZERO_MINUTE, SECOND, ZERO_SECOND, LONG_YEAR, YEAR, PM, LOWER_PM,
    TZ, ISO8601_TZ, ISO8601_SECONDS_TZ, ISO8601_SHORT_TZ, ISO8601_COLON_TZ, ISO8601_COLON_SECONDS_TZ, NUM_TZ,
    NUM_SECONDS_TZ, NUM_SHORT_TZ, NUM_COLON_TZ, NUM_COLON_SECONDS_TZ, FRAC_SECOND0, FRAC_SECOND9
  }

  /** One step of a layout: literal text, then an element (with its digit count and separator for fractions). */
  private record Chunk(String prefix, Std std, String suffix, int digits, char separator) {
    String element(final String layout) {
      return layout.substring(prefix.length(), layout.length() - suffix.length());
    }
  }

  private static final Std[] STD_0X = {Std.ZERO_MONTH, Std.ZERO_DAY, Std.ZERO_HOUR12, Std.ZERO_MINUTE,
      Std.ZERO_SECOND, Std.YEAR};

  /** Go's {@code nextStdChunk}. */
  private static Chunk nextChunk(final String layout) {
    for (int i = 0; i < layout.length(); i++) {
      final char c = layout.charAt(i);
      final String p = layout.substring(0, i);
      switch (c) {
        case 'J':
          if (layout.startsWith("Jan", i)) {
            if (layout.startsWith("January", i)) {
              return chunk(p, Std.LONG_MONTH, layout.substring(i + 7));
            }
            if (!startsWithLowerCase(layout, i + 3)) {
              return chunk(p, Std.MONTH, layout.substring(i + 3));
            }
          }
          break;
        case 'M':
          if (layout.startsWith("Mon", i)) {
            if (layout.startsWith("Monday", i)) {
              return chunk(p, Std.LONG_WEEKDAY, layout.substring(i + 6));
            }
            if (!startsWithLowerCase(layout, i + 3)) {
              return chunk(p, Std.WEEKDAY, layout.substring(i + 3));
            }
          }
          if (layout.startsWith("MST", i)) {
            return chunk(p, Std.TZ, layout.substring(i + 3));
          }
          break;
        case '0':
          if (i + 1 < layout.length() && layout.charAt(i + 1) >= '1' && layout.charAt(i + 1) <= '6') {
            return chunk(p, STD_0X[layout.charAt(i + 1) - '1'], layout.substring(i + 2));
          }
          if (layout.startsWith("002", i)) {
            return chunk(p, Std.ZERO_YEAR_DAY, layout.substring(i + 3));
          }
          break;
        case '1':
          if (i + 1 < layout.length() && layout.charAt(i + 1) == '5') {
            return chunk(p, Std.HOUR, layout.substring(i + 2));
          }
          return chunk(p, Std.NUM_MONTH, layout.substring(i + 1));
        case '2':
          if (layout.startsWith("2006", i)) {
            return chunk(p, Std.LONG_YEAR, layout.substring(i + 4));
          }
          return chunk(p, Std.DAY, layout.substring(i + 1));
        case '_':
          if (i + 1 < layout.length() && layout.charAt(i + 1) == '2') {
            if (layout.startsWith("2006", i + 1)) {
              return chunk(layout.substring(0, i + 1), Std.LONG_YEAR, layout.substring(i + 5));
            }
            return chunk(p, Std.UNDER_DAY, layout.substring(i + 2));
          }
          if (layout.startsWith("__2", i)) {
            return chunk(p, Std.UNDER_YEAR_DAY, layout.substring(i + 3));
          }
          break;
        case '3':
          return chunk(p, Std.HOUR12, layout.substring(i + 1));
        case '4':
          return chunk(p, Std.MINUTE, layout.substring(i + 1));
        case '5':
          return chunk(p, Std.SECOND, layout.substring(i + 1));
        case 'P':
          if (i + 1 < layout.length() && layout.charAt(i + 1) == 'M') {
            return chunk(p, Std.PM, layout.substring(i + 2));
          }
          break;
        case 'p':
          if (i + 1 < layout.length() && layout.charAt(i + 1) == 'm') {
            return chunk(p, Std.LOWER_PM, layout.substring(i + 2));
          }
          break;
        case '-':
          for (final Object[] z : new Object[][] {{"-070000", Std.NUM_SECONDS_TZ}, {"-07:00:00",
              Std.NUM_COLON_SECONDS_TZ}, {"-0700", Std.NUM_TZ}, {"-07:00", Std.NUM_COLON_TZ},
              {"-07", Std.NUM_SHORT_TZ}}) {
            if (layout.startsWith((String) z[0], i)) {
              return chunk(p, (Std) z[1], layout.substring(i + ((String) z[0]).length()));
            }
          }
          break;
        case 'Z':
          for (final Object[] z : new Object[][] {{"Z070000", Std.ISO8601_SECONDS_TZ}, {"Z07:00:00",
              Std.ISO8601_COLON_SECONDS_TZ}, {"Z0700", Std.ISO8601_TZ}, {"Z07:00", Std.ISO8601_COLON_TZ},
              {"Z07", Std.ISO8601_SHORT_TZ}}) {
            if (layout.startsWith((String) z[0], i)) {
              return chunk(p, (Std) z[1], layout.substring(i + ((String) z[0]).length()));
            }
          }
          break;
        case '.':
        case ',':
          if (i + 1 < layout.length() && (layout.charAt(i + 1) == '0' || layout.charAt(i + 1) == '9')) {
            final char ch = layout.charAt(i + 1);
            int j = i + 1;
            while (j < layout.length() && layout.charAt(j) == ch) {
              j++;
            }
            if (!(j < layout.length() && Character.isDigit(layout.charAt(j)) && layout.charAt(j) < 0x80)) {
              return new Chunk(p, ch == '0' ? Std.FRAC_SECOND0 : Std.FRAC_SECOND9, layout.substring(j), j - (i + 1), c);
            }
          }
          break;
        default:
          break;
      }
    }
    return chunk(layout, Std.NONE, "");
  }

  private static Chunk chunk(final String prefix, final Std std, final String suffix) {
    return new Chunk(prefix, std, suffix, 0, '.');
  }

  private static boolean startsWithLowerCase(final String s, final int at) {
    return at < s.length() && s.charAt(at) >= 'a' && s.charAt(at) <= 'z';
  }

  /** {@code t.Format(layout)}. */
  String format(final String layout0) {
    final ZonedDateTime t = local();
    final int offset = t.getOffset().getTotalSeconds();
    final StringBuilder b = new StringBuilder();
    String layout = layout0;
    while (!layout.isEmpty()) {
      final Chunk c = nextChunk(layout);
      b.append(c.prefix);
      if (c.std == Std.NONE) {
        break;
      }
      layout = c.suffix;
      final int hour = t.getHour();
      switch (c.std) {
        case YEAR -> appendInt(b, Math.abs(t.getYear()) % 100, 2);
        case LONG_YEAR -> appendInt(b, t.getYear(), 4);
        case MONTH -> b.append(SHORT_MONTHS[t.getMonthValue() - 1]);
        case LONG_MONTH -> b.append(LONG_MONTHS[t.getMonthValue() - 1]);
        case NUM_MONTH -> appendInt(b, t.getMonthValue(), 0);
        case ZERO_MONTH -> appendInt(b, t.getMonthValue(), 2);
        case WEEKDAY -> b.append(SHORT_DAYS[t.getDayOfWeek().getValue() % 7]);
        case LONG_WEEKDAY -> b.append(LONG_DAYS[t.getDayOfWeek().getValue() % 7]);
        case DAY -> appendInt(b, t.getDayOfMonth(), 0);
        case UNDER_DAY -> {
          if (t.getDayOfMonth() < 10) {
            b.append(' ');
          }
          appendInt(b, t.getDayOfMonth(), 0);
        }
        case ZERO_DAY -> appendInt(b, t.getDayOfMonth(), 2);
        case UNDER_YEAR_DAY -> {
          if (t.getDayOfYear() < 100) {
            b.append(' ');
            if (t.getDayOfYear() < 10) {
              b.append(' ');
            }
          }
          appendInt(b, t.getDayOfYear(), 0);
        }
        case ZERO_YEAR_DAY -> appendInt(b, t.getDayOfYear(), 3);
        case HOUR -> appendInt(b, hour, 2);
        case HOUR12 -> appendInt(b, hour % 12 == 0 ? 12 : hour % 12, 0);
        case ZERO_HOUR12 -> appendInt(b, hour % 12 == 0 ? 12 : hour % 12, 2);
        case MINUTE -> appendInt(b, t.getMinute(), 0);
        case ZERO_MINUTE -> appendInt(b, t.getMinute(), 2);
        case SECOND -> appendInt(b, t.getSecond(), 0);
        case ZERO_SECOND -> appendInt(b, t.getSecond(), 2);
        case PM -> b.append(hour >= 12 ? "PM" : "AM");
        case LOWER_PM -> b.append(hour >= 12 ? "pm" : "am");
        case TZ -> {
          final String name = location.abbreviation(t.toInstant());
          if (!name.isEmpty()) {
            b.append(name);
          } else {
            int zone = offset / 60;
            b.append(zone < 0 ? '-' : '+');
            zone = Math.abs(zone);
            appendInt(b, zone / 60, 2);
            appendInt(b, zone % 60, 2);
          }
        }
        case FRAC_SECOND0, FRAC_SECOND9 -> formatNano(b, t.getNano(), c);
        default -> formatZone(b, c.std, offset);
      }
    }
    return b.toString();
  }

  private static void formatZone(final StringBuilder b, final Std std, final int offset) {
    final boolean iso = std == Std.ISO8601_TZ || std == Std.ISO8601_COLON_TZ || std == Std.ISO8601_SECONDS_TZ
        || std == Std.ISO8601_SHORT_TZ || std == Std.ISO8601_COLON_SECONDS_TZ;
    if (offset == 0 && iso) {
      b.append('Z');
      return;
    }
    int zone = offset / 60;
    int absOffset = offset;
    if (zone < 0) {
      b.append('-');
      zone = -zone;
      absOffset = -absOffset;
    } else {
      b.append('+');
    }
    appendInt(b, zone / 60, 2);
    final boolean colon = std == Std.ISO8601_COLON_TZ || std == Std.NUM_COLON_TZ
        || std == Std.ISO8601_COLON_SECONDS_TZ || std == Std.NUM_COLON_SECONDS_TZ;
    if (colon) {
      b.append(':');
    }
    if (std != Std.NUM_SHORT_TZ && std != Std.ISO8601_SHORT_TZ) {
      appendInt(b, zone % 60, 2);
    }
    if (std == Std.ISO8601_SECONDS_TZ || std == Std.NUM_SECONDS_TZ || std == Std.NUM_COLON_SECONDS_TZ
        || std == Std.ISO8601_COLON_SECONDS_TZ) {
      if (std == Std.NUM_COLON_SECONDS_TZ || std == Std.ISO8601_COLON_SECONDS_TZ) {
        b.append(':');
      }
      appendInt(b, absOffset % 60, 2);
    }
  }

  private static void formatNano(final StringBuilder b, final int nanosec, final Chunk c) {
    final String digits = String.format(Locale.ROOT, "%09d", nanosec);
    int n = Math.min(c.digits, 9);
    if (c.std == Std.FRAC_SECOND9) {
      while (n > 0 && digits.charAt(n - 1) == '0') {
        n--;
      }
      if (n == 0) {
        return;
      }
    }
    b.append(c.separator).append(digits, 0, n);
  }

  private static void appendInt(final StringBuilder b, final int x, final int width) {
    final String digits = Integer.toString(Math.abs(x));
    if (x < 0) {
      b.append('-');
    }
    for (int w = digits.length(); w < width; w++) {
      b.append('0');
    }
    b.append(digits);
  }

  // ---------------------------------------------------------------- parsing

  /** A layout did not match, worded as Go's {@code *time.ParseError}. */
  static final class ParseError extends Exception {
    private static final long serialVersionUID = 1L;

    ParseError(final String layout, final String value, final String layoutElem, final String valueElem,
        final String message) {
      super(message.isEmpty()
          ? "parsing time " + quote(value) + " as " + quote(layout) + ": cannot parse " + quote(valueElem) + " as "
              + quote(layoutElem)
          : "parsing time " + quote(value) + message, null, false, false);
    }
  }

  /** Go's {@code time.quote}: non-ASCII and control bytes as {@code \xNN}. */
  static String quote(final String s) {
    final StringBuilder b = new StringBuilder("\"");
    for (final byte c : GoText.utf8(s)) {
      final int u = c & 0xFF;
      if (u >= 0x80 || u < ' ') {
        b.append(String.format(Locale.ROOT, "\\x%02x", u));
      } else {
        if (u == '"' || u == '\\') {
          b.append('\\');
        }
        b.append((char) u);
      }
    }
    return b.append('"').toString();
  }

  /** {@code time.ParseInLocation(layout, value, local)}. */
  static GoTime parse(final String layout0, final String value0, final Location local) throws ParseError {
    String layout = layout0;
    String value = value0;
    String rangeErr = "";
    boolean amSet = false;
    boolean pmSet = false;
    int year = 0;
    int month = -1;
    int day = -1;
    int yday = -1;
    int hour = 0;
    int min = 0;
    int sec = 0;
    int nsec = 0;
    Location z = null;
    int zoneOffset = -1;
    String zoneName = "";
    while (true) {
      final Chunk c = nextChunk(layout);
      final String stdstr = c.element(layout);
      final String afterPrefix = skip(value, c.prefix);
      if (afterPrefix == null) {
        throw new ParseError(layout0, value0, c.prefix, value, "");
      }
      value = afterPrefix;
      if (c.std == Std.NONE) {
        if (!value.isEmpty()) {
          throw new ParseError(layout0, value0, "", value, ": extra text: " + quote(value));
        }
        break;
      }
      layout = c.suffix;
      boolean bad = false;
      final int[] num = new int[1];
      switch (c.std) {
        case YEAR -> {
          if (value.length() < 2) {
            bad = true;
          } else {
            final Integer y = atoi(value.substring(0, 2));
            if (y == null) {
              bad = true;
            } else {
              value = value.substring(2);
              year = y >= 69 ? y + 1900 : y + 2000;
            }
          }
        }
        case LONG_YEAR -> {
          if (value.length() < 4 || !isDigit(value, 0)) {
            bad = true;
          } else {
            final Integer y = atoi(value.substring(0, 4));
            value = value.substring(4);
            if (y == null) {
              bad = true;
            } else {
              year = y;
            }
          }
        }
        case MONTH, LONG_MONTH -> {
          final int i = lookup(c.std == Std.MONTH ? SHORT_MONTHS : LONG_MONTHS, value);
          if (i < 0) {
            bad = true;
          } else {
            value = value.substring((c.std == Std.MONTH ? SHORT_MONTHS : LONG_MONTHS)[i].length());
            month = i + 1;
          }
        }
        case NUM_MONTH, ZERO_MONTH -> {
          final String rest = getnum(value, c.std == Std.ZERO_MONTH, num);
          if (rest == null) {
            bad = true;
          } else {
            value = rest;
            month = num[0];
            if (month <= 0 || month > 12) {
              rangeErr = "month";
            }
          }
        }
        case WEEKDAY, LONG_WEEKDAY -> {
          final String[] names = c.std == Std.WEEKDAY ? SHORT_DAYS : LONG_DAYS;
          final int i = lookup(names, value);
          if (i < 0) {
            bad = true;
          } else {
            value = value.substring(names[i].length());
          }
        }
        case DAY, UNDER_DAY, ZERO_DAY -> {
          if (c.std == Std.UNDER_DAY && !value.isEmpty() && value.charAt(0) == ' ') {
            value = value.substring(1);
          }
          final String rest = getnum(value, c.std == Std.ZERO_DAY, num);
          if (rest == null) {
            bad = true;
          } else {
            value = rest;
            day = num[0];
          }
        }
        case UNDER_YEAR_DAY, ZERO_YEAR_DAY -> {
          for (int i = 0; i < 2; i++) {
            if (c.std == Std.UNDER_YEAR_DAY && !value.isEmpty() && value.charAt(0) == ' ') {
              value = value.substring(1);
            }
          }
          int n = 0;
          int i = 0;
          for (; i < 3 && isDigit(value, i); i++) {
            n = n * 10 + value.charAt(i) - '0';
          }
          if (i == 0 || c.std == Std.ZERO_YEAR_DAY && i != 3) {
            bad = true;
          } else {
            yday = n;
            value = value.substring(i);
          }
        }
        case HOUR, HOUR12, ZERO_HOUR12 -> {
          final String rest = getnum(value, c.std == Std.ZERO_HOUR12, num);
          hour = num[0];
          if (rest == null) {
            bad = true;
          } else {
            value = rest;
          }
          if (hour < 0 || (c.std == Std.HOUR ? hour >= 24 : hour > 12)) {
            rangeErr = "hour";
          }
        }
        case MINUTE, ZERO_MINUTE -> {
          final String rest = getnum(value, c.std == Std.ZERO_MINUTE, num);
          min = num[0];
          if (rest == null) {
            bad = true;
          } else {
            value = rest;
          }
          if (min < 0 || min >= 60) {
            rangeErr = "minute";
          }
        }
        case SECOND, ZERO_SECOND -> {
          final String rest = getnum(value, c.std == Std.ZERO_SECOND, num);
          sec = num[0];
          if (rest == null) {
            bad = true;
            break;
          }
          value = rest;
          if (sec < 0 || sec >= 60) {
            rangeErr = "second";
            break;
          }
          if (value.length() >= 2 && (value.charAt(0) == '.' || value.charAt(0) == ',') && isDigit(value, 1)) {
            final Std next = nextChunk(layout).std;
            if (next == Std.FRAC_SECOND0 || next == Std.FRAC_SECOND9) {
              break;
            }
            int n = 2;
            while (n < value.length() && isDigit(value, n)) {
              n++;
            }
            final Object[] ns = parseNanoseconds(value, n);
            if (ns == null) {
              bad = true;
            } else {
              nsec = (Integer) ns[0];
              rangeErr = (String) ns[1];
            }
            value = value.substring(n);
          }
        }
        case PM, LOWER_PM -> {
          if (value.length() < 2) {
            bad = true;
          } else {
            final String p = value.substring(0, 2);
            value = value.substring(2);
            final boolean upper = c.std == Std.PM;
            if (p.equals(upper ? "PM" : "pm")) {
              pmSet = true;
            } else if (p.equals(upper ? "AM" : "am")) {
              amSet = true;
            } else {
              bad = true;
            }
          }
        }
        case TZ -> {
          if (value.startsWith("UTC")) {
            z = Location.UTC;
            value = value.substring(3);
          } else {
            final int n = parseTimeZone(value);
            if (n <= 0) {
              bad = true;
            } else {
              zoneName = value.substring(0, n);
              value = value.substring(n);
            }
          }
        }
        case FRAC_SECOND0 -> {
          final int ndigit = 1 + c.digits;
          if (value.length() < ndigit) {
            bad = true;
          } else {
            final Object[] ns = parseNanoseconds(value, ndigit);
            if (ns == null) {
              bad = true;
            } else {
              nsec = (Integer) ns[0];
              rangeErr = (String) ns[1];
            }
            value = value.substring(ndigit);
          }
        }
        case FRAC_SECOND9 -> {
          if (value.length() >= 2 && (value.charAt(0) == '.' || value.charAt(0) == ',') && isDigit(value, 1)) {
            int i = 0;
            while (i < 9 && i + 1 < value.length() && isDigit(value, i + 1)) {
              i++;
            }
            final Object[] ns = parseNanoseconds(value, 1 + i);
            if (ns == null) {
              bad = true;
            } else {
              nsec = (Integer) ns[0];
              rangeErr = (String) ns[1];
            }
            value = value.substring(1 + i);
          }
        }
        default -> {
          final Object[] parsed = parseZone(c.std, value);
          if (parsed == null) {
            bad = true;
          } else if (parsed[0] == Location.UTC) {
            z = Location.UTC;
            value = (String) parsed[1];
          } else {
            zoneOffset = (Integer) parsed[0];
            value = (String) parsed[1];
          }
        }
      }
      if (!rangeErr.isEmpty()) {
        throw new ParseError(layout0, value0, stdstr, value, ": " + rangeErr + " out of range");
      }
      if (bad) {
        throw new ParseError(layout0, value0, stdstr, value, "");
      }
    }
    if (pmSet && hour < 12) {
      hour += 12;
    } else if (amSet && hour == 12) {
      hour = 0;
    }
    if (yday >= 0) {
      int d = 0;
      int m = 0;
      final boolean leap = java.time.Year.isLeap(year);
      if (leap) {
        if (yday == 31 + 29) {
          m = 2;
          d = 29;
        } else if (yday > 31 + 29) {
          yday--;
        }
      }
      if (yday < 1 || yday > 365) {
        throw new ParseError(layout0, value0, "", value, ": day-of-year out of range");
      }
      if (m == 0) {
        final int[] daysBefore = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};
        m = (yday - 1) / 31 + 1;
        if (daysBefore[m] < yday) {
          m++;
        }
        d = yday - daysBefore[m - 1];
      }
      if (month >= 0 && month != m) {
        throw new ParseError(layout0, value0, "", value, ": day-of-year does not match month");
      }
      month = m;
      if (day >= 0 && day != d) {
        throw new ParseError(layout0, value0, "", value, ": day-of-year does not match day");
      }
      day = d;
    } else {
      if (month < 0) {
        month = 1;
      }
      if (day < 0) {
        day = 1;
      }
    }
    if (day < 1 || day > LocalDate.of(Math.max(year, 0) % 400 + 2000, month, 1).lengthOfMonth()) {
      throw new ParseError(layout0, value0, "", value, ": day out of range");
    }
    final LocalDateTime wall = LocalDateTime.of(year, month, day, hour, min, sec, nsec);
    if (z != null) {
      return new GoTime(wall.toEpochSecond(ZoneOffset.UTC), nsec, z);
    }
    if (zoneOffset != -1) {
      final long utc = wall.toEpochSecond(ZoneOffset.UTC) - zoneOffset;
      final Instant at = Instant.ofEpochSecond(utc);
      final int localOffset = local.zone.getRules().getOffset(at).getTotalSeconds();
      if (localOffset == zoneOffset && (zoneName.isEmpty() || local.abbreviation(at).equals(zoneName))) {
        return new GoTime(utc, nsec, local);
      }
      return new GoTime(utc, nsec, new Location(zoneName, ZoneOffset.ofTotalSeconds(zoneOffset), zoneName));
    }
    if (!zoneName.isEmpty()) {
      final long utc = wall.toEpochSecond(ZoneOffset.UTC);
      final Instant guess = Instant.ofEpochSecond(utc);
      if (local.abbreviation(guess).equals(zoneName)) {
        final int offset = local.zone.getRules().getOffset(guess).getTotalSeconds();
        return new GoTime(utc - offset, nsec, local);
      }
      int offset = 0;
      if (zoneName.length() > 3 && zoneName.startsWith("GMT")) {
        offset = Integer.parseInt(zoneName.substring(zoneName.charAt(3) == '+' ? 4 : 3)) * 3600;
      }
      return new GoTime(utc, nsec, new Location(zoneName, ZoneOffset.ofTotalSeconds(offset), zoneName));
    }
    final ZonedDateTime zoned = wall.atZone(local.zone);
    return new GoTime(zoned.toEpochSecond(), nsec, local);
  }

  /** The numeric and ISO 8601 zone elements: {offset seconds or UTC, rest}, or null when bad. */
  private static Object[] parseZone(final Std std, final String value) {
    if ((std == Std.ISO8601_TZ || std == Std.ISO8601_SHORT_TZ || std == Std.ISO8601_COLON_TZ)
        && !value.isEmpty() && value.charAt(0) == 'Z') {
      return new Object[] {Location.UTC, value.substring(1)};
    }
    final String sign;
    final String hh;
    final String mm;
    final String ss;
    final String rest;
    if (std == Std.ISO8601_COLON_TZ || std == Std.NUM_COLON_TZ) {
      if (value.length() < 6 || value.charAt(3) != ':') {
        return null;
      }
      sign = value.substring(0, 1);
      hh = value.substring(1, 3);
      mm = value.substring(4, 6);
      ss = "00";
      rest = value.substring(6);
    } else if (std == Std.NUM_SHORT_TZ || std == Std.ISO8601_SHORT_TZ) {
      if (value.length() < 3) {
        return null;
      }
      sign = value.substring(0, 1);
      hh = value.substring(1, 3);
      mm = "00";
      ss = "00";
      rest = value.substring(3);
    } else if (std == Std.ISO8601_COLON_SECONDS_TZ || std == Std.NUM_COLON_SECONDS_TZ) {
      if (value.length() < 9 || value.charAt(3) != ':' || value.charAt(6) != ':') {
        return null;
      }
      sign = value.substring(0, 1);
      hh = value.substring(1, 3);
      mm = value.substring(4, 6);
      ss = value.substring(7, 9);
      rest = value.substring(9);
    } else if (std == Std.ISO8601_SECONDS_TZ || std == Std.NUM_SECONDS_TZ) {
      if (value.length() < 7) {
        return null;
      }
      sign = value.substring(0, 1);
      hh = value.substring(1, 3);
      mm = value.substring(3, 5);
      ss = value.substring(5, 7);
      rest = value.substring(7);
    } else {
      if (value.length() < 5) {
        return null;
      }
      sign = value.substring(0, 1);
      hh = value.substring(1, 3);
      mm = value.substring(3, 5);
      ss = "00";
      rest = value.substring(5);
    }
    final Integer h = atoi(hh);
    final Integer m = atoi(mm);
    final Integer s = atoi(ss);
    if (h == null || m == null || s == null || !sign.equals("+") && !sign.equals("-")) {
      return null;
    }
    final int offset = (h * 60 + m) * 60 + s;
    return new Object[] {sign.equals("-") ? -offset : offset, rest};
  }

  private static String skip(final String value0, final String prefix0) {
    String value = value0;
    String prefix = prefix0;
    while (!prefix.isEmpty()) {
      if (prefix.charAt(0) == ' ') {
        if (!value.isEmpty() && value.charAt(0) != ' ') {
          return null;
        }
        prefix = cutSpace(prefix);
        value = cutSpace(value);
        continue;
      }
      if (value.isEmpty() || value.charAt(0) != prefix.charAt(0)) {
        return null;
      }
      prefix = prefix.substring(1);
      value = value.substring(1);
    }
    return value;
  }

  private static String cutSpace(final String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return s.substring(i);
  }

  private static int lookup(final String[] table, final String value) {
    for (int i = 0; i < table.length; i++) {
      final String v = table[i];
      if (value.length() >= v.length() && asciiFold(value.substring(0, v.length()), v)) {
        return i;
      }
    }
    return -1;
  }

  /** Go's {@code match}: equal ignoring ASCII letter case only. */
  private static boolean asciiFold(final String a, final String b) {
    for (int i = 0; i < a.length(); i++) {
      char c1 = a.charAt(i);
      char c2 = b.charAt(i);
      if (c1 != c2) {
        c1 |= 0x20;
        c2 |= 0x20;
        if (c1 != c2 || c1 < 'a' || c1 > 'z') {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isDigit(final String s, final int i) {
    return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
  }

  /** Go's {@code getnum}: one or two digits (exactly two when fixed); the rest, or null. */
  private static String getnum(final String s, final boolean fixed, final int[] out) {
    out[0] = 0;
    if (!isDigit(s, 0)) {
      return null;
    }
    if (!isDigit(s, 1)) {
      if (fixed) {
        return null;
      }
      out[0] = s.charAt(0) - '0';
      return s.substring(1);
    }
    out[0] = (s.charAt(0) - '0') * 10 + s.charAt(1) - '0';
    return s.substring(2);
  }

  /** Go's {@code time.atoi}: an optionally signed decimal, or null. */
  private static Integer atoi(final String s0) {
    String s = s0;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.isEmpty() || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9') || s.length() > 18) {
      return null;
    }
    final long x = Long.parseLong(s);
    return (int) (neg ? -x : x);
  }

  private static Object[] parseNanoseconds(final String value, final int nbytes0) {
    if (value.charAt(0) != '.' && value.charAt(0) != ',') {
      return null;
    }
    final int nbytes = Math.min(nbytes0, 10);
    final Integer ns = atoi(value.substring(1, nbytes));
    if (ns == null) {
      return null;
    }
    if (ns < 0) {
      return new Object[] {0, "fractional second"};
    }
    int scaled = ns;
    for (int i = 0; i < 10 - nbytes; i++) {
      scaled *= 10;
    }
    return new Object[] {scaled, ""};
  }

  private static int parseTimeZone(final String value) {
    if (value.length() < 3) {
      return 0;
    }
    if (value.startsWith("ChST") || value.startsWith("MeST")) {
      return 4;
    }
    if (value.startsWith("GMT")) {
      return 3 + parseSignedOffset(value.substring(3));
    }
    if (value.charAt(0) == '+' || value.charAt(0) == '-') {
      return parseSignedOffset(value);
    }
    int upper = 0;
    while (upper < 6 && upper < value.length() && value.charAt(upper) >= 'A' && value.charAt(upper) <= 'Z') {
      upper++;
    }
    switch (upper) {
      case 3:
        return 3;
      case 4:
        return value.charAt(3) == 'T' || value.startsWith("WITA") ? 4 : 0;
      case 5:
        return value.charAt(4) == 'T' ? 5 : 0;
      default:
        return 0;
    }
  }

  private static int parseSignedOffset(final String value) {
    if (value.isEmpty() || value.charAt(0) != '-' && value.charAt(0) != '+') {
      return 0;
    }
    int i = 1;
    long x = 0;
    while (i < value.length() && isDigit(value, i)) {
      x = Math.min(x * 10 + value.charAt(i) - '0', 1000);
      i++;
    }
    if (i == 1 || x > 23) {
      return 0;
    }
    return i;
  }

  // ---------------------------------------------------------------- durations

  /** {@code time.Duration(d).String()}, e.g. {@code 1h2m0.5s}, {@code 1.5ms}, {@code 0s}. */
  static String durationString(final long d) {
    final StringBuilder b = new StringBuilder();
    long u = d;
    final boolean neg = d < 0;
    if (neg) {
      u = -u;
    }
    if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
      if (u == 0) {
        return "0s";
      }
      final int prec;
      final String unit;
      if (u < 1_000L) {
        prec = 0;
        unit = "ns";
      } else if (u < 1_000_000L) {
        prec = 3;
        unit = "\u00b5s";
      } else {
        prec = 6;
        unit = "ms";
      }
      final long[] v = {u};
      final String frac = fraction(v, prec);
      b.append(Long.toUnsignedString(v[0])).append(frac).append(unit);
    } else {
      final long[] v = {u};
      final String frac = fraction(v, 9);
      long rest = v[0];
      final String seconds = Long.toUnsignedString(Long.remainderUnsigned(rest, 60)) + frac + "s";
      rest = Long.divideUnsigned(rest, 60);
      String out = seconds;
      if (rest > 0) {
        out = Long.toUnsignedString(Long.remainderUnsigned(rest, 60)) + "m" + out;
        rest = Long.divideUnsigned(rest, 60);
        if (rest > 0) {
          out = Long.toUnsignedString(rest) + "h" + out;
        }
      }
      b.append(out);
    }
    return (neg ? "-" : "") + b;
  }

  /** Go's {@code fmtFrac}: the fraction of v/10^prec without trailing zeros; v becomes the integer part. */
  private static String fraction(final long[] v, final int prec) {
    final StringBuilder digits = new StringBuilder();
    boolean print = false;
    long x = v[0];
    for (int i = 0; i < prec; i++) {
      final long digit = Long.remainderUnsigned(x, 10);
      print = print || digit != 0;
      if (print) {
        digits.insert(0, (char) ('0' + digit));
      }
      x = Long.divideUnsigned(x, 10);
    }
    v[0] = x;
    return print ? "." + digits : "";
  }

  /** {@code time.ParseDuration}, with Go's error messages. */
  static long parseDuration(final String orig) throws FunctionException {
    String s = orig;
    long d = 0;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    final FunctionException invalid = new FunctionException("time: invalid duration " + quote(orig));
    if (s.isEmpty()) {
      throw invalid;
    }
    while (!s.isEmpty()) {
      if (!(s.charAt(0) == '.' || isDigit(s, 0))) {
        throw invalid;
      }
      int i = 0;
      long v = 0;
      while (i < s.length() && isDigit(s, i)) {
        if (Long.compareUnsigned(v, Long.divideUnsigned(Long.MIN_VALUE, 10)) > 0) {
          throw invalid;
        }
        v = v * 10 + s.charAt(i) - '0';
        if (Long.compareUnsigned(v, Long.MIN_VALUE) > 0) {
          throw invalid;
        }
        i++;
      }
      final boolean pre = i > 0;
      s = s.substring(i);
      long f = 0;
      double scale = 1;
      boolean post = false;
      if (!s.isEmpty() && s.charAt(0) == '.') {
        s = s.substring(1);
        int j = 0;
        boolean overflow = false;
        while (j < s.length() && isDigit(s, j)) {
          if (!overflow) {
            if (f > (Long.MAX_VALUE) / 10) {
              overflow = true;
            } else {
              final long y = f * 10 + s.charAt(j) - '0';
              if (y < 0) {
                overflow = true;
              } else {
                f = y;
                scale *= 10;
              }
            }
          }
          j++;
        }
        post = j > 0;
        s = s.substring(j);
      }
      if (!pre && !post) {
        throw invalid;
      }
      int k = 0;
      while (k < s.length() && s.charAt(k) != '.' && !isDigit(s, k)) {
        k++;
      }
      if (k == 0) {
        throw new FunctionException("time: missing unit in duration " + quote(orig));
      }
      final String u = s.substring(0, k);
      s = s.substring(k);
      final long unit = switch (u) {
        case "ns" -> 1L;
        case "us", "\u00b5s", "\u03bcs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> throw new FunctionException("time: unknown unit " + quote(u) + " in duration " + quote(orig));
      };
      if (Long.compareUnsigned(v, Long.divideUnsigned(Long.MIN_VALUE, unit)) > 0) {
        throw invalid;
      }
      v *= unit;
      if (f > 0) {
        v += (long) ((double) f * ((double) unit / scale));
        if (Long.compareUnsigned(v, Long.MIN_VALUE) > 0) {
          throw invalid;
        }
      }
      d += v;
      if (Long.compareUnsigned(d, Long.MIN_VALUE) > 0) {
        throw invalid;
      }
    }
    if (neg) {
      return -d;
    }
    if (d < 0) {
      throw invalid;
    }
    return d;
  }

  /** {@code Duration.Round(m)}. */
  static long round(final long d, final long m) {
    if (m <= 0) {
      return d;
    }
    long r = d % m;
    if (d < 0) {
      r = -r;
      if (Long.compareUnsigned(r + r, m) < 0) {
        return d + r;
      }
      final long d1 = d - m + r;
      return d1 < d ? d1 : Long.MIN_VALUE;
    }
    if (Long.compareUnsigned(r + r, m) < 0) {
      return d - r;
    }
    final long d1 = d + m - r;
    return d1 > d ? d1 : Long.MAX_VALUE;
  }
}
