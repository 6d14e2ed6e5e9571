package io.commander.renderer.sprig;

import io.commander.renderer.gotemplate.GoStrconv;

import static io.commander.renderer.gotemplate.GoType.ANY;
import static io.commander.renderer.gotemplate.GoType.STRING;

import io.commander.renderer.gotemplate.GoInt64;
import io.commander.renderer.gotemplate.GoValues;
import java.time.Clock;

/**
 * sprig's date functions ({@code date.go}) over {@link GoTime}, reading the time and the
 * {@code Local} zone from a {@link Clock}. As in sprig, a date argument that is neither a time nor
 * an integer (a JSON number, a string) stands for now.
 */
final class DateFunctions {

  private static final long SECOND = 1_000_000_000L;

  private DateFunctions() {
  }

  static void register(final FunctionTable t, final Clock clock) {
    t.fixed("now", a -> GoTime.now(clock))
        .fixed("date", a -> dateInZone(clock, str(a[0]), a[1], "Local"), STRING, ANY)
        .fixed("dateInZone", a -> dateInZone(clock, str(a[0]), a[1], str(a[2])), STRING, ANY, STRING)
        .alias("date_in_zone", "dateInZone")
        .fixed("htmlDate", a -> dateInZone(clock, "2006-01-02", a[0], "Local"), ANY)
        .fixed("htmlDateInZone", a -> dateInZone(clock, "2006-01-02", a[0], str(a[1])), ANY, STRING)
        .fixed("dateModify", a -> dateModify(str(a[0]), time(a[1]), false), STRING, ANY)
        .alias("date_modify", "dateModify")
        .fixed("mustDateModify", a -> dateModify(str(a[0]), time(a[1]), true), STRING, ANY)
        .alias("must_date_modify", "mustDateModify")
        .fixed("toDate", a -> toDate(clock, str(a[0]), str(a[1]), false), STRING, STRING)
        .fixed("mustToDate", a -> toDate(clock, str(a[0]), str(a[1]), true), STRING, STRING)
        .fixed("unixEpoch", a -> Long.toString(time(a[0]).unix()), ANY)
        .fixed("ago", a -> ago(clock, a[0]), ANY)
        .fixed("duration", a -> duration(a[0]), ANY)
        .fixed("durationRound", a -> durationRound(clock, a[0]), ANY);
  }

  private static String str(final Object v) {
    return StringFunctions.str(v);
  }

  /** A {@code time.Time} parameter, with the engine's wording when the argument is something else. */
  private static GoTime time(final Object v) throws FunctionException {
    if (v instanceof GoTime t) {
      return t;
    }
    if (v == null) {
      throw new FunctionException("invalid value; expected time.Time");
    }
    throw new FunctionException("wrong type for value; expected time.Time; got " + GoConvert.typeOf(v));
  }

  /** The time sprig makes of a date argument: a time, seconds since the epoch, or else now. */
  private static GoTime asTime(final Clock clock, final Object date) {
    if (date instanceof GoTime t) {
      return t;
    }
    if (GoValues.isInt(date)) {
      return GoTime.unix(((Number) date).longValue(), clock.getZone());
    }
    return GoTime.now(clock);
  }

  static String dateInZone(final Clock clock, final String layout, final Object date, final String zone) {
    GoTime.Location loc = GoTime.Location.load(zone, clock.getZone());
    if (loc == null) {
      loc = GoTime.Location.UTC;
    }
    return asTime(clock, date).in(loc).format(layout);
  }

  private static GoTime dateModify(final String modifier, final GoTime date, final boolean must)
      throws FunctionException {
    try {
      return date.add(GoTime.parseDuration(modifier));
    } catch (final FunctionException e) {
      if (must) {
        throw e;
      }
      return date;
    }
  }

  private static GoTime toDate(final Clock clock, final String layout, final String value, final boolean must)
      throws FunctionException {
    try {
      return GoTime.parse(layout, value, GoTime.Location.local(clock.getZone()));
    } catch (final GoTime.ParseError e) {
      if (must) {
        throw new FunctionException(e.getMessage());
      }
      return GoTime.zero();
    }
  }

  private static String ago(final Clock clock, final Object date) {
    final GoTime t = date instanceof GoTime || GoValues.isInt(date) ? asTime(clock, date) : GoTime.now(clock);
    return GoTime.durationString(GoTime.round(t.until(GoTime.now(clock)), SECOND));
  }

  /**
   * sprig's {@code duration}: seconds as a duration string. Go takes only a string or an int64 here;
   * template integers are taken as int64.
   */
  static String duration(final Object sec) {
    long n = 0;
    if (sec instanceof String s) {
      try {
        n = GoStrconv.parseInt(s, 10);
      } catch (final GoStrconv.NumError e) {
        n = 0;
      }
    } else if (sec instanceof GoInt64 i) {
      // Go's type switch takes int64 only: a plain int from the template gives 0s.
      n = i.longValue();
    }
    return GoTime.durationString(n * SECOND);
  }

  /** sprig's {@code durationRound}: the largest whole unit (y, mo, d, h, m, s) of a duration. */
  static String durationRound(final Clock clock, final Object duration) {
    long d = 0;
    if (duration instanceof String s) {
      try {
        d = GoTime.parseDuration(s);
      } catch (final FunctionException e) {
        d = 0;
      }
    } else if (duration instanceof GoInt64 i) {
      d = i.longValue();
    } else if (duration instanceof GoTime t) {
      d = t.until(GoTime.now(clock));
    }
    long u = d;
    if (d < 0) {
      u = -u;
    }
    final long hour = 3_600_000_000_000L;
    final long[] units = {hour * 24 * 365, hour * 24 * 30, hour * 24, hour, 60 * SECOND, SECOND};
    final String[] names = {"y", "mo", "d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (Long.compareUnsigned(u, units[i]) > 0) {
        return Long.toUnsignedString(Long.divideUnsigned(u, units[i])) + names[i];
      }
    }
    return "0s";
  }
}
