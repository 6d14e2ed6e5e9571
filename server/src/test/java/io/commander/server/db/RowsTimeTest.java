package io.commander.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written time text is the formatter's, to the character. */
class RowsTimeTest {

  private static String formatter(final OffsetDateTime t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
  }

  @Test
  void writesWhatTheIsoFormatterWrites() {
    final SplittableRandom random = new SplittableRandom(13);
    for (int i = 0; i < 200_000; i++) {
      final long second = random.nextLong(-62_135_596_800L, 253_402_300_800L); // years 1 to 9999
      // Microseconds as PostgreSQL stores them, and some whole seconds, milliseconds and nanoseconds.
      final int nano = switch (i % 5) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000_000);
        default -> random.nextInt(1_000_000) * 1000;
      };
      final ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 3600, 18 * 3600 + 1) / 60 * 60);
      final OffsetDateTime t = OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(second, nano), offset);
      assertThat(Rows.time(t)).as("%s", t).isEqualTo(formatter(t));
    }
  }

  @Test
  void edgesAndNull() {
    for (String text : new String[] {"2026-12-04T00:00:00Z", "2026-12-04T23:59:59.999999Z", "2026-01-01T00:00:00.1Z",
        "2026-01-01T00:00:00.000001Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
        "2026-06-30T10:15:30.120+02:00", "+10000-01-01T00:00:00Z", "0000-06-01T00:00:00Z"}) {
      final OffsetDateTime t = OffsetDateTime.parse(text);
      assertThat(Rows.time(t)).as(text).isEqualTo(formatter(t));
    }
    assertThat(Rows.time((OffsetDateTime) null)).isNull();
  }
}
