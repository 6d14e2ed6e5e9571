package io.commander.renderer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.commander.renderer.cluster.Sections;
import io.commander.renderer.cluster.TemplateDocument;
import io.commander.testing.HostileTemplates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderMainTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(final String... args) {
    return RenderMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void rendersWithYamlValuesAndTheFunctionsTemplatesUse() throws Exception {
    final Path template = Files.writeString(dir.resolve("cluster.yaml"), """
        {{- define "labels" }}owner: {{ .owner | quote }}{{ end -}}
        apiVersion: deckhouse.io/v1
        kind: ClusterConfiguration
        podSubnetCIDR: {{ .podSubnet | default "10.111.0.0/16" }}
        masters: {{ len .masters }}
        {{- range $i, $m := .masters }}
        # master {{ add1 $i }}: {{ $m | upper }}
        {{- end }}
        labels:
        {{ include "labels" . | indent 2 }}
        extra:
        {{ toYaml .extra | indent 2 }}
        """);
    final Path values = Files.writeString(dir.resolve("values.yaml"), """
        owner: team-a
        masters: [m1, m2]
        extra:
          replicas: 3
          zones: [a, b]
        """);
    assertThat(run(template.toString(), "--values", values.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
        apiVersion: deckhouse.io/v1
        kind: ClusterConfiguration
        podSubnetCIDR: 10.111.0.0/16
        masters: 2
        # master 1: M1
        # master 2: M2
        labels:
          owner: "team-a"
        extra:
          replicas: 3
          zones:
          - a
          - b
        """);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void errorsGoToStderrWithTheirPlaceAndANonZeroExit() throws Exception {
    final Path template = Files.writeString(dir.resolve("t.tpl"), "line one\n{{ .a | nope }}\n");
    assertThat(run(template.toString())).isEqualTo(RenderMain.EXIT_RENDER);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo("template: t.tpl:2: function \"nope\" not defined");
  }

  @Test
  void requiredValuesFailWithTheirMessage() throws Exception {
    final Path template = Files.writeString(dir.resolve("t.tpl"), "{{ required \"clusterName is required\" .clusterName }}");
    assertThat(run(template.toString())).isEqualTo(RenderMain.EXIT_RENDER);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("clusterName is required");
  }

  @Test
  void badValuesAndUsage() throws Exception {
    final Path template = Files.writeString(dir.resolve("t.tpl"), "{{ .a }}");
    final Path values = Files.writeString(dir.resolve("v.yaml"), "a: [unclosed\n");
    assertThat(run(template.toString(), "--values", values.toString())).isEqualTo(RenderMain.EXIT_RENDER);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("commander render: values ");
    assertThat(run()).isEqualTo(RenderMain.EXIT_USAGE);
    assertThat(run(dir.resolve("missing.tpl").toString())).isEqualTo(RenderMain.EXIT_USAGE);
  }

  // ---------------------------------------------------------------- cluster template exports

  private static final List<Object> PARAMS = List.of(
      Map.of("key", "clusterName", "type", "string", "title", "Name"),
      Map.of("key", "masterHosts", "type", "string", "title", "Masters", "format", "ipv4", "minItems", 1,
          "maxItems", 3));

  private static final String KUBERNETES = """
      apiVersion: deckhouse.io/v1
      kind: ClusterConfiguration
      clusterType: Static
      podSubnetCIDR: 10.111.0.0/16
      serviceSubnetCIDR: 10.222.0.0/16
      kubernetesVersion: "Automatic"
      clusterDomain: cluster.local
      """;

  private static final String SSH = """
      apiVersion: dhctl.deckhouse.io/v1
      kind: SSHConfig
      sshUser: ubuntu
      sshPort: 22
      sshAgentPrivateKeys:
      - key: |
      {{ .dc_sshPrivateKey | indent 4 }}
      {{- range .masterHosts }}
      ---
      apiVersion: dhctl.deckhouse.io/v1
      kind: SSHHost
      host: {{ . }}
      {{- end }}
      """;

  private static final String MODULES = """
      apiVersion: deckhouse.io/v1alpha1
      kind: ModuleConfig
      metadata:
        name: commander-agent
      spec:
        version: 1
        enabled: true
        settings:
          commanderUrl: "https://{{ .dc_domain }}/agent_api/{{ .dc_clusterUUID }}"
          cluster: {{ .clusterName | quote }}
          since: {{ now | date "2006-01-02" }}
      """;

  private Path export(final String placement, final String modules) throws Exception {
    final TemplateDocument document = new TemplateDocument("static", "", PARAMS, new Sections(KUBERNETES, placement,
        SSH, "", "", List.of(new Sections.ResourceTab("modules", Sections.Mode.ENFORCED, modules),
            new Sections.ResourceTab("empty", Sections.Mode.CREATE_ONCE, "{{/* nothing yet */}}"))));
    return Files.writeString(dir.resolve("static.json"), new ObjectMapper().writeValueAsString(document.toMap()));
  }

  private Path values(final String json) throws Exception {
    return Files.writeString(dir.resolve("values.json"), json);
  }

  @Test
  void anExportRendersEverySectionHelmStyleWithStandInsAndAFixedClock() throws Exception {
    final Path export = export("""
        apiVersion: deckhouse.io/v1
        kind: StaticClusterConfiguration
        internalNetworkCIDRs: [10.0.0.0/24]
        """, MODULES);
    final Path values = values("{\"clusterName\": \"prod\", \"masterHosts\": [\"10.0.0.1\", \"10.0.0.2\"]}");
    assertThat(run(export.toString(), "--values", values.toString(), "--validate")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
        ---
        # Source: kubernetes
        apiVersion: deckhouse.io/v1
        kind: ClusterConfiguration
        clusterType: Static
        podSubnetCIDR: 10.111.0.0/16
        serviceSubnetCIDR: 10.222.0.0/16
        kubernetesVersion: "Automatic"
        clusterDomain: cluster.local
        ---
        # Source: placement
        apiVersion: deckhouse.io/v1
        kind: StaticClusterConfiguration
        internalNetworkCIDRs: [10.0.0.0/24]
        ---
        # Source: ssh
        apiVersion: dhctl.deckhouse.io/v1
        kind: SSHConfig
        sshUser: ubuntu
        sshPort: 22
        sshAgentPrivateKeys:
        - key: |
            -----BEGIN OPENSSH PRIVATE KEY-----
            stand-in: each cluster gets its own key pair
            -----END OPENSSH PRIVATE KEY-----
        ---
        apiVersion: dhctl.deckhouse.io/v1
        kind: SSHHost
        host: 10.0.0.1
        ---
        apiVersion: dhctl.deckhouse.io/v1
        kind: SSHHost
        host: 10.0.0.2
        ---
        # Source: resources/modules
        apiVersion: deckhouse.io/v1alpha1
        kind: ModuleConfig
        metadata:
          name: commander-agent
        spec:
          version: 1
          enabled: true
          settings:
            commanderUrl: "https://commander.example.com/agent_api/00000000-0000-0000-0000-000000000000"
            cluster: "prod"
            since: 1970-01-01
        """);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void withoutValidateOnlyTemplateErrorsCountAndTheOtherSectionsStillPrint() throws Exception {
    final Path export = export("""
        apiVersion: deckhouse.io/v1
        internalNetworkCIDRs: {{ .masterHosts | cidrs }}
        """, "apiVersion: deckhouse.io/v1alpha1\nmetadata: {name: x}\n");
    final Path values = values("{\"masterHosts\": [\"10.0.0.1\"], \"extra\": 1}");
    assertThat(run(export.toString(), "--values", values.toString())).isEqualTo(RenderMain.EXIT_RENDER);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("# Source: kubernetes\n", "# Source: ssh\n", "# Source: resources/modules\n")
        .doesNotContain("# Source: placement");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("placement line 2: function \"cidrs\" not defined [template_error]\n");
  }

  @Test
  void withValidateEveryProblemIsPrintedWithItsCode() throws Exception {
    final Path export = export("""
        apiVersion: deckhouse.io/v1
        kind: StaticClusterConfiguration
        internalNetworkCIDRs:
          - 10.0.0.0/24
         - 10.0.1.0/24
        """, "apiVersion: deckhouse.io/v1alpha1\nmetadata: {name: x}\n");
    final Path values = values("{\"masterHosts\": [\"10.0.0.1\"], \"extra\": 1}");
    assertThat(run(export.toString(), "--values", values.toString())).as("no template error").isZero();
    out.reset();
    assertThat(run(export.toString(), "--values", values.toString(), "--validate")).isEqualTo(RenderMain.EXIT_RENDER);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("""
        values: extra: is not a parameter of this template version [invalid_value]
        values: clusterName: is required (Name) [invalid_value]
        placement document 1 line 5 column 2: YAML: expected <block end>, but found '<block sequence start>' [invalid_yaml]
        resources/modules document 1 line 1: the document has no kind [invalid_document]
        """);
  }

  @Test
  void aMalformedExportOrSchemaIsNamedByItsPath() throws Exception {
    final Path broken = Files.writeString(dir.resolve("broken.json"), """
        {"format": "commander.cluster-template.v1", "name": "x",
         "sections": {"resources": [{"name": "modules", "mode": "always"}]}}
        """);
    assertThat(run(broken.toString())).isEqualTo(RenderMain.EXIT_RENDER);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("commander render: " + broken
        + ": sections.resources[0].mode: 'always' is not a mode (enforced, create-once)\n");
    err.reset();
    final Path badSchema = Files.writeString(dir.resolve("schema.json"), """
        {"format": "commander.cluster-template.v1", "name": "x", "params": [{"key": "a", "title": "A"}],
         "sections": {}}
        """);
    assertThat(run(badSchema.toString())).isEqualTo(RenderMain.EXIT_RENDER);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("commander render: " + badSchema
        + ": params[0].type: is required (string, number or boolean)\n");
  }

  @Test
  void aPlainTemplateIsNotValidated() throws Exception {
    final Path template = Files.writeString(dir.resolve("t.json"), "{\"kind\": \"{{ .kind }}\"}\n");
    assertThat(run(template.toString(), "--validate")).isEqualTo(RenderMain.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("commander render: --validate needs a cluster "
        + "template export; " + template + " is a plain template\nusage: commander render FILE");
    assertThat(run(template.toString())).as("a JSON object without format is a plain template").isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"kind\": \"<no value>\"}\n");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("io.commander.renderer.cluster.RenderLimitsTest#hostile")
  void hostileTemplatesStopWithTheServersLimits(final HostileTemplates.Hostile hostile) throws Exception {
    final Path template = Files.writeString(dir.resolve("hostile.tpl"), hostile.template());
    final int code = run(template.toString());
    final String stderr = err.toString(StandardCharsets.UTF_8);
    if (hostile.limit()) {
      assertThat(code).isEqualTo(RenderMain.EXIT_RENDER);
      assertThat(stderr).endsWith("[render_limit_exceeded]\n").containsAnyOf(hostile.expected(), "renderer.timeout-ms");
    } else {
      assertThat(stderr + out.toString(StandardCharsets.UTF_8)).containsAnyOf(hostile.expected(),
          "renderer.timeout-ms");
    }
  }

  @Test
  void flagsRaiseTheLimitsForATrustedTemplate() throws Exception {
    final Path template = Files.writeString(dir.resolve("big.tpl"), "{{ repeat 2000000 \"x\" | len }}");
    assertThat(run(template.toString())).isEqualTo(RenderMain.EXIT_RENDER);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("(renderer.max-value)");

    err.reset();
    assertThat(run(template.toString(), "--max-value", "3000000")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("2000000");
    out.reset();
    assertThat(run(template.toString(), "--no-limits")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("2000000");
    assertThat(run(template.toString(), "--max-steps", "0")).isEqualTo(RenderMain.EXIT_USAGE);
  }

  @Test
  void anExportStopsAtALimitWithItsCode() throws Exception {
    final Path export = Files.writeString(dir.resolve("export.json"), new ObjectMapper().writeValueAsString(Map.of(
        "format", "commander.cluster-template.v1", "name", "x", "params", List.of(),
        "sections", Map.of("kubernetes", "{{ repeat 2000000000 \"x\" }}", "placement", "kind: A"))));
    assertThat(run(export.toString())).isEqualTo(RenderMain.EXIT_RENDER);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("kubernetes line 1 column 3: ")
        .contains("(renderer.max-value) [render_limit_exceeded]");
  }
}
