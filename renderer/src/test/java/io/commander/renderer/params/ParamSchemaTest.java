package io.commander.renderer.params;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParamSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Object json(final String text) {
    try {
      return JSON.readValue(text.replace('\'', '"'), Object.class);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A schema like those in Commander's documentation: headers, formats, lists, a catalog field. */
  private static final String STATIC_CLUSTER = """
      [
        {'header': 'Cluster'},
        {'key': 'clusterName', 'type': 'string', 'title': 'Name', 'pattern': '^[a-z][a-z0-9-]*$', 'maxLength': 30,
         'immutable': true, 'unique': true},
        {'key': 'podSubnet', 'type': 'string', 'title': 'Pod subnet', 'default': '10.111.0.0/16'},
        {'key': 'masterCount', 'type': 'number', 'title': 'Masters', 'min': 1, 'max': 5, 'default': 3, 'span': 2},
        {'key': 'channel', 'type': 'string', 'title': 'Release channel', 'enum': ['Stable', 'EarlyAccess']},
        {'key': 'adminEmail', 'type': 'string', 'title': 'Admin email', 'format': 'email', 'optional': true},
        {'key': 'masterHosts', 'type': 'string', 'title': 'Master IPs', 'format': 'ipv4', 'minItems': 1, 'maxItems': 3},
        {'key': 'edition', 'type': 'string', 'title': 'Edition', 'select': [{'text': 'Enterprise', 'value': 'ee'},
         {'text': 'Community', 'value': 'ce'}]},
        {'key': 'debug', 'type': 'boolean', 'title': 'Debug', 'default': false},
        {'key': 'slot', 'title': 'Slot', 'catalog': 'yandex-cloud-slot', 'immutable': true}
      ]""";

  @Test
  void parsesTheDocumentedFormat() {
    final ParamSchema.Parsed parsed = ParamSchema.parse(json(STATIC_CLUSTER));
    assertThat(parsed.problems()).isEmpty();
    final ParamSchema schema = parsed.orElseThrow();
    assertThat(schema.fields()).extracting(ParamField::key).containsExactly("clusterName", "podSubnet", "masterCount",
        "channel", "adminEmail", "masterHosts", "edition", "debug", "slot");
    assertThat(schema.field("slot").orElseThrow().type()).isEqualTo(ParamType.RECORD);
    assertThat(schema.field("masterHosts").orElseThrow().list()).isTrue();
    assertThat(schema.field("masterCount").orElseThrow().span()).isEqualTo(2);
    assertThat(ParamValidator.uniqueKeys(schema)).containsExactly("clusterName");
  }

  @Test
  void reportsEveryProblemOfASchemaWithItsPlace() {
    final ParamSchema.Parsed parsed = ParamSchema.parse(json("""
        [
          {'key': 'a', 'type': 'text', 'title': 'A'},
          {'key': 'b', 'type': 'string'},
          {'key': '1c', 'type': 'string', 'title': 'C', 'minItems': 1},
          {'key': 'd', 'type': 'number', 'title': 'D', 'min': 5, 'max': 1, 'span': 7},
          {'key': 'e', 'type': 'string', 'title': 'E', 'pattern': '([a-z'},
          {'key': 'f', 'type': 'string', 'title': 'F', 'fromat': 'email'},
          {'key': 'a', 'type': 'string', 'title': 'A again'},
          {'key': 'g', 'type': 'number', 'title': 'G', 'default': 'three'},
          {'key': 'h', 'type': 'string', 'title': 'H', 'format': 'phone'},
          'oops'
        ]"""));
    assertThat(parsed.schema()).isEmpty();
    assertThat(parsed.problems()).extracting(ParamProblem::field).containsExactly(
        "params[0].type", "params[1].title", "params[2].key", "params[2].maxItems", "params[3].span", "params[3].min",
        "params[4].pattern", "params[5].fromat", "params[6].key", "params[7].default", "params[8].format", "params[9]");
    assertThat(parsed.problems().get(0).message()).isEqualTo("'text' is not one of string, number, boolean");
  }

  @Test
  void validValuesComeBackWithDefaultsAndWithoutEmptyOptionals() {
    final ParamSchema schema = ParamSchema.parse(json(STATIC_CLUSTER)).orElseThrow();
    final ParamValidator.Result result = ParamValidator.validate(schema, (Map<String, Object>) json("""
        {'clusterName': 'prod-1', 'channel': 'Stable', 'adminEmail': '', 'masterHosts': ['10.0.0.1', '10.0.0.2'],
         'edition': 'ee', 'slot': {'x-commander-record-id': 'r1', 'zone': 'a'}, 'dc_domain': 'c.example.com'}"""),
        Set.of("dc_domain"));
    assertThat(result.problems()).isEmpty();
    assertThat(result.values()).containsEntry("podSubnet", "10.111.0.0/16").containsEntry("masterCount", 3)
        .containsEntry("debug", false).doesNotContainKey("adminEmail").doesNotContainKey("dc_domain");
  }

  @Test
  void everyFailureIsReportedPerField() {
    final ParamSchema schema = ParamSchema.parse(json(STATIC_CLUSTER)).orElseThrow();
    final ParamValidator.Result result = ParamValidator.validate(schema, (Map<String, Object>) json("""
        {'clusterName': 'Prod_1', 'masterCount': 9, 'channel': 'Beta', 'adminEmail': 'not-mail',
         'masterHosts': ['10.0.0.1', '300.1.1.1', 'x', 'y'], 'edition': 'xe', 'debug': 'yes', 'slot': 'r1',
         'clusterNmae': 'typo'}"""), Set.of());
    assertThat(result.valid()).isFalse();
    assertThat(result.problems()).extracting(ParamProblem::toString).containsExactly(
        "clusterNmae: is not a parameter of this template version",
        "clusterName: does not match the pattern ^[a-z][a-z0-9-]*$",
        "masterCount: must be at most 5",
        "channel: must be one of [Stable, EarlyAccess]",
        "adminEmail: is not a valid email",
        "masterHosts: must have 1 to 3 items, not 4",
        "masterHosts[1]: is not a valid ipv4",
        "masterHosts[2]: is not a valid ipv4",
        "masterHosts[3]: is not a valid ipv4",
        "edition: is not one of the choices (Enterprise, Community)",
        "debug: must be true or false",
        "slot: must be a record of the catalog 'yandex-cloud-slot' (an object with x-commander-record-id)");
  }

  @Test
  void requiredFieldsNameTheirTitle() {
    final ParamSchema schema = ParamSchema.parse(json(STATIC_CLUSTER)).orElseThrow();
    assertThat(ParamValidator.validate(schema, Map.of(), Set.of()).problems()).extracting(ParamProblem::toString)
        .contains("clusterName: is required (Name)", "slot: is required (Slot)")
        .doesNotContain("podSubnet: is required (Pod subnet)");
  }

  @Test
  void immutableFieldsKeepTheirValueButNewOnesCanBeFilled() {
    final ParamSchema schema = ParamSchema.parse(json(STATIC_CLUSTER)).orElseThrow();
    final Map<String, Object> before = Map.of("clusterName", "prod-1");
    assertThat(ParamValidator.validateChange(schema, before, Map.of("clusterName", "prod-2")))
        .extracting(ParamProblem::field).containsExactly("clusterName");
    assertThat(ParamValidator.validateChange(schema, before, Map.of("clusterName", "prod-1",
        "slot", Map.of("x-commander-record-id", "r9")))).as("slot had no value before").isEmpty();
    assertThat(ParamValidator.validateChange(schema,
        Map.of("slot", Map.of("x-commander-record-id", "r1", "zone", "a")),
        Map.of("slot", Map.of("zone", "a", "x-commander-record-id", "r1")))).as("same record, other key order").isEmpty();
  }

  @Test
  void numbersCompareAsJsonNumbers() {
    final ParamSchema schema = ParamSchema.parse(List.of(Map.of("key", "n", "type", "number", "title", "N",
        "enum", List.of(1, 2, 3)))).orElseThrow();
    assertThat(ParamValidator.validate(schema, Map.of("n", 2.0), Set.of()).valid()).isTrue();
    assertThat(ParamValidator.validate(schema, Map.of("n", 2.5), Set.of()).valid()).isFalse();
    assertThat(ParamValidator.validate(schema, Map.of("n", true), Set.of()).problems())
        .extracting(ParamProblem::message).containsExactly("must be a number");
  }

  @Test
  void formats() {
    assertThat(Formats.check("uuid", "7b0c5c1e-0f4a-4bd6-9a53-6f0f6f0f6f0f")).isNull();
    assertThat(Formats.check("uuid", "7b0c5c1e")).isNotNull();
    assertThat(Formats.check("date-time", "2026-11-25T12:00:00Z")).isNull();
    assertThat(Formats.check("date-time", "2026-11-25")).isNotNull();
    assertThat(Formats.check("url", "https://commander.example.com/x")).isNull();
    assertThat(Formats.check("url", "commander.example.com")).isNotNull();
    assertThat(Formats.check("ulid", "01ARZ3NDEKTSV4RRFFQ69G5FAV")).isNull();
    assertThat(Formats.check("ulid", "01ARZ3NDEKTSV4RRFFQ69G5FA")).isNotNull();
    assertThat(Formats.check("emoji", "\uD83D\uDE80")).isNull();
    assertThat(Formats.check("emoji", "rocket")).isNotNull();
    assertThat(Formats.check("ipv6", "fe80::1")).isNull();
    assertThat(Formats.check("ipv6", "10.0.0.1")).isNotNull();
    assertThat(Formats.check("hostname", "api.example.com")).isNull();
    assertThat(Formats.check("hostname", "-bad-.example")).isNotNull();
    assertThat(Formats.check("cuid2", "tz4a98xxat96iws9zmbrgj3a")).isNull();
    assertThat(Formats.check("cuid2", "Tz4a")).isNotNull();
  }
}
