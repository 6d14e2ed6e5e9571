package io.commander.renderer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.commander.renderer.params.ParamSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The static cluster of Commander's documentation, in the template export format: it renders
 * without a problem, and each mistake an author makes in it is exactly one problem, located.
 */
class DocumentationTemplateTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Object> BUILT_INS = Map.of(
      "dc_clusterUUID", "0d9e3c1a-5b7f-4e2d-9c8b-1a2b3c4d5e6f",
      "dc_domain", "commander.example.com",
      "dc_sshPublicKey", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9uZSBrZXk commander",
      "dc_sshPrivateKey",
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----",
      "dc_caBundle", "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

  private static JsonNode read(final String name) throws IOException {
    try (InputStream in = DocumentationTemplateTest.class.getResourceAsStream("/templates/" + name)) {
      return JSON.readTree(in);
    }
  }

  /** Renders the template with its values, after an edit of one section's text and of the values. */
  private static ClusterRenderer.Result render(final String section, final UnaryOperator<String> edit,
                                               final UnaryOperator<Map<String, Object>> editValues)
      throws IOException {
    final JsonNode template = read("static-cluster.json");
    assertThat(template.path("format").asText()).isEqualTo("commander.cluster-template.v1");
    final BiFunction<String, JsonNode, String> text = (key, node) -> {
      if (!key.equals(section)) {
        return node.asText();
      }
      final String edited = edit.apply(node.asText());
      assertThat(edited).as("the edit of " + key).isNotEqualTo(node.asText());
      return edited;
    };
    final JsonNode sections = template.path("sections");
    final List<Sections.ResourceTab> tabs = new ArrayList<>();
    for (JsonNode tab : sections.path("resources")) {
      final String name = tab.path("name").asText();
      tabs.add(new Sections.ResourceTab(name, Arrays.stream(Sections.Mode.values())
          .filter(mode -> mode.id().equals(tab.path("mode").asText())).findFirst().orElseThrow(),
          text.apply("resources/" + name, tab.path("template"))));
    }
    final Sections parsed = new Sections(text.apply("kubernetes", sections.path("kubernetes")),
        text.apply("placement", sections.path("placement")), text.apply("ssh", sections.path("ssh")),
        text.apply("installation", sections.path("installation")),
        text.apply("primary_resources", sections.path("primary_resources")), tabs);
    final ParamSchema schema = ParamSchema.parse(JSON.convertValue(template.path("params"), List.class)).orElseThrow();
    @SuppressWarnings("unchecked")
    final Map<String, Object> values =
        editValues.apply(JSON.convertValue(read("static-cluster.values.json"), Map.class));
    return new ClusterRenderer().render(parsed, schema, values, BUILT_INS, CLOCK, 0L);
  }

  private static ClusterRenderer.Result render(final String section, final UnaryOperator<String> edit)
      throws IOException {
    return render(section, edit, values -> values);
  }

  @Test
  void rendersWithoutAProblem() throws IOException {
    final ClusterRenderer.Result result = render("", text -> text);
    assertThat(result.problems()).isEmpty();
    assertThat(result.rendered().get("ssh")).contains("kind: SSHHost\nhost: 10.0.0.10\n")
        .contains("- key: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n");
    assertThat(result.rendered().get("resources/nodes")).contains("    count: 2\n")
        .contains("  name: master-1\n").contains("  name: master-2\n").doesNotContain("master-0");
    assertThat(result.rendered().get("resources/modules"))
        .contains("commanderUrl: \"https://commander.example.com/agent_api/0d9e3c1a-5b7f-4e2d-9c8b-1a2b3c4d5e6f\"");
    final String dockerCfg =
        result.rendered().get("installation").replaceAll("(?s).*registryDockerCfg: (\\S+).*", "$1");
    assertThat(new String(Base64.getDecoder().decode(dockerCfg), StandardCharsets.UTF_8)).isEqualTo(
        "{\"auths\":{\"registry.deckhouse.io\":{\"auth\":\"bGljZW5zZS10b2tlbjpsaWNlbnNlLWtleS0wMDAw\"}}}");
  }

  @Test
  void aTypoInAFieldNameIsASchemaViolationWithTheFieldMeant() throws IOException {
    assertThat(render("resources/nodes", text -> text.replace("    count:", "    cuont:")).problems())
        .containsExactly(new RenderProblem(RenderProblem.Kind.SCHEMA, "resources/nodes", 0, 8, 5,
            "NodeGroup: unknown field \"cuont\" at .spec.staticInstances (did you mean \"count\"?)"));
  }

  @Test
  void aMissingRequiredValueIsAnInvalidValueNamingTheField() throws IOException {
    final ClusterRenderer.Result result = render("", text -> text, values -> {
      values.remove("publicDomain");
      return values;
    });
    assertThat(result.problems()).containsExactly(new RenderProblem(RenderProblem.Kind.VALUES, "values", -1, 0, 0,
        "publicDomain: is required (Domain of the cluster's web interfaces)"));
  }

  @Test
  void badIndentationIsInvalidYamlAtItsPlace() throws IOException {
    assertThat(render("resources/nodes", text -> text.replace("    labelSelector:", "   labelSelector:")).problems())
        .containsExactly(new RenderProblem(RenderProblem.Kind.YAML, "resources/nodes", 0, 9, 4,
            "YAML: expected <block end>, but found '<block mapping start>'"));
  }

  @Test
  void anUnknownFunctionIsGosTemplateErrorWithItsLine() throws IOException {
    assertThat(render("ssh", text -> text.replace("nindent 4", "nindnt 4")).problems())
        .containsExactly(new RenderProblem(RenderProblem.Kind.TEMPLATE, "ssh", -1, 7, 0,
            "function \"nindnt\" not defined"));
  }
}
