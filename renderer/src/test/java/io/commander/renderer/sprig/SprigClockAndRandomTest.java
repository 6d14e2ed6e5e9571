package io.commander.renderer.sprig;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.renderer.gotemplate.GoTemplate;
import io.commander.renderer.gotemplate.TemplateException;
import io.commander.renderer.gotemplate.TemplateFunction;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The functions whose result depends on the time or on chance: with a fixed clock they render what Go
 * renders for the same instant (Go's layouts and {@code time.Time} printing), and random results have
 * the shape Go's have; the same seed gives the same render.
 */
class SprigClockAndRandomTest {

    /** 2021-03-04T05:06:07.000000008Z, a Thursday. */
    private static final Instant INSTANT = Instant.ofEpochSecond(1614834367L, 8);

    private static String render(final Map<String, TemplateFunction> functions, final String template)
            throws TemplateException {
        return GoTemplate.parse("t", template, functions).execute(Map.of());
    }

    private static Map<String, TemplateFunction> at(final Instant instant, final ZoneId zone) {
        return Sprig.functions(Clock.fixed(instant, zone), new Random(7));
    }

    @Test
    void nowPrintsAsGoPrintsATime() throws TemplateException {
        assertThat(render(at(INSTANT, ZoneOffset.UTC), "{{ now }}"))
                .isEqualTo("2021-03-04 05:06:07.000000008 +0000 UTC");
        assertThat(render(at(INSTANT, ZoneId.of("Europe/Paris")), "{{ now }}"))
                .isEqualTo("2021-03-04 06:06:07.000000008 +0100 CET");
    }

    @Test
    void datesOfNowUseTheClockAndItsZoneAsLocal() throws TemplateException {
        final Map<String, TemplateFunction> functions = at(INSTANT, ZoneId.of("America/New_York"));
        assertThat(render(functions, "{{ now | date \"Mon Jan _2 15:04:05 MST 2006\" }}"))
                .isEqualTo("Thu Mar  4 00:06:07 EST 2021");
        assertThat(render(functions, "{{ now | htmlDate }}|{{ htmlDate .missing }}"))
                .isEqualTo("2021-03-04|2021-03-04");
        assertThat(render(functions, "{{ dateInZone \"15:04 MST\" now \"UTC\" }}")).isEqualTo("05:06 UTC");
        assertThat(render(functions, "{{ now | unixEpoch }}|{{ now | dateModify \"-6h\" | date \"02T15\" }}"))
                .isEqualTo("1614834367|03T18");
        assertThat(render(functions, "{{ date \"2006\" \"not a date\" }}")).as("anything else stands for now")
                .isEqualTo("2021");
    }

    @Test
    void agoAndDurationRoundMeasureFromTheClock() throws TemplateException {
        final Map<String, TemplateFunction> functions = at(INSTANT, ZoneOffset.UTC);
        assertThat(render(functions, "{{ ago 1614830767 }}|{{ ago (toDate \"2006-01-02\" \"2021-03-03\") }}"))
                .isEqualTo("1h0m0s|29h6m7s");
        assertThat(render(functions, "{{ ago 1614834367 }}|{{ ago 1614834968 }}")).isEqualTo("0s|-10m1s");
        assertThat(render(functions, "{{ durationRound (toDate \"2006-01-02\" \"2020-01-01\") }}")).isEqualTo("1y");
    }

    @Test
    void randomStringsHaveTheLengthAndAlphabetAsked() throws TemplateException {
        final Map<String, TemplateFunction> functions = Sprig.functions();
        assertThat(render(functions, "{{ randAlphaNum 64 }}")).matches("[A-Za-z0-9]{64}");
        assertThat(render(functions, "{{ randAlpha 64 }}")).matches("[A-Za-z]{64}");
        assertThat(render(functions, "{{ randNumeric 64 }}")).matches("[0-9]{64}");
        assertThat(render(functions, "{{ randAscii 64 }}")).matches("[ -~]{64}");
        assertThat(render(functions, "{{ randAlphaNum 0 }}|{{ randAscii -1 }}")).isEqualTo("|");
        assertThat(render(functions, "{{ randBytes 12 | b64dec | len }}")).isEqualTo("12");
    }

    @Test
    void uuidv4IsARandomRfc4122Uuid() throws TemplateException {
        final String uuid = render(Sprig.functions(), "{{ uuidv4 }}");
        assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(render(Sprig.functions(), "{{ uuidv4 }}")).isNotEqualTo(uuid);
    }

    @Test
    void randIntStaysInItsRangeAndShuffleKeepsTheRunes() throws TemplateException {
        final Map<String, TemplateFunction> functions = Sprig.functions();
        for (int i = 0; i < 50; i++) {
            assertThat(Integer.parseInt(render(functions, "{{ randInt -3 4 }}"))).isBetween(-3, 3);
        }
        assertThat(render(functions, "{{ shuffle \"héllo wörld\" }}").codePoints().sorted().toArray())
                .isEqualTo("héllo wörld".codePoints().sorted().toArray());
    }

    @Test
    void encryptAesGivesACipherTextThatDecryptsBack() throws TemplateException {
        final String crypt = render(Sprig.functions(), "{{ encryptAES \"key\" \"some secret\" }}");
        assertThat(crypt).as("IV and one block, base64").matches("[A-Za-z0-9+/]{43}=");
        assertThat(render(Sprig.functions(), "{{ decryptAES \"key\" \"" + crypt + "\" }}")).isEqualTo("some secret");
    }

    @Test
    void theSameSeedGivesTheSameRender() throws TemplateException {
        final String template = "{{ uuidv4 }} {{ randAlphaNum 8 }} {{ randInt 0 1000 }} {{ shuffle \"abcdef\" }}";
        final Clock clock = Clock.fixed(INSTANT, ZoneOffset.UTC);
        assertThat(render(Sprig.functions(clock, new Random(42)), template))
                .isEqualTo(render(Sprig.functions(clock, new Random(42)), template));
    }
}
