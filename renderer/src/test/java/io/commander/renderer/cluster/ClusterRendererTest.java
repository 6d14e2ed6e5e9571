package io.commander.renderer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.renderer.params.ParamSchema;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A static cluster in the shape of Commander's documentation, and the mistakes authors make. */
class ClusterRendererTest {

  private static final ParamSchema SCHEMA = ParamSchema.parse(List.of(
      Map.of("key", "clusterName", "type", "string", "title", "Name"),
      Map.of("key", "podSubnet", "type", "string", "title", "Pod subnet", "default", "10.111.0.0/16"),
      Map.of("key", "masterHosts", "type", "string", "title", "Masters", "format", "ipv4", "minItems", 1, "maxItems", 3),
      Map.of("key", "sshUser", "type", "string", "title", "SSH user", "default", "ubuntu"),
      Map.of("key", "channel", "title", "Release channel", "catalog", "release-channels"))).orElseThrow();

  private static final Sections SECTIONS = new Sections(
      """
      apiVersion: deckhouse.io/v1
      kind: ClusterConfiguration
      clusterType: Static
      podSubnetCIDR: {{ .podSubnet }}
      serviceSubnetCIDR: 10.222.0.0/16
      kubernetesVersion: "Automatic"
      clusterDomain: "cluster.local"
      """,
      """
      apiVersion: deckhouse.io/v1
      kind: StaticClusterConfiguration
      internalNetworkCIDRs:
      {{- range .masterHosts }}
      - {{ . }}/32
      {{- end }}
      """,
      """
      apiVersion: dhctl.deckhouse.io/v1
      kind: SSHConfig
      sshUser: {{ .sshUser }}
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
      """,
      """
      apiVersion: deckhouse.io/v1
      kind: InitConfiguration
      deckhouse:
        imagesRepo: registry.deckhouse.io/deckhouse/ee
      """,
      "",
      List.of(new Sections.ResourceTab("modules", Sections.Mode.ENFORCED, """
          apiVersion: deckhouse.io/v1alpha1
          kind: ModuleConfig
          metadata:
            name: deckhouse
          spec:
            version: 1
            settings:
              releaseChannel: {{ .channel.name }}
          ---
          apiVersion: deckhouse.io/v1alpha1
          kind: ModuleConfig
          metadata:
            name: commander-agent
            labels:
              heritage: deckhouse-commander
          spec:
            enabled: true
            settings:
              commanderUrl: "https://{{ .dc_domain }}/agent_api/{{ .dc_clusterUUID }}"
          """)));

  private static final Map<String, Object> BUILT_INS = Map.of(
      "dc_clusterUUID", "7b0c5c1e-0f4a-4bd6-9a53-6f0f6f0f6f0f",
      "dc_domain", "commander.example.com",
      "dc_sshPrivateKey", "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----",
      "dc_sshPublicKey", "ssh-ed25519 AAAA",
      "dc_caBundle", "");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

  private static Map<String, Object> values() {
    final Map<String, Object> values = new HashMap<>();
    values.put("clusterName", "prod");
    values.put("masterHosts", List.of("10.0.0.1", "10.0.0.2"));
    values.put("channel", Map.of("x-commander-record-id", "r1", "name", "Stable"));
    return values;
  }

  private static ClusterRenderer.Result render(final Sections sections, final Map<String, Object> values) {
    return new ClusterRenderer().render(sections, SCHEMA, values, BUILT_INS, CLOCK, 42L);
  }

  @Test
  void rendersEverySectionOfAStaticCluster() {
    final ClusterRenderer.Result result = render(SECTIONS, values());
    assertThat(result.problems()).isEmpty();
    assertThat(result.rendered().get("kubernetes")).contains("podSubnetCIDR: 10.111.0.0/16");
    assertThat(result.rendered().get("placement")).contains("- 10.0.0.1/32\n- 10.0.0.2/32");
    assertThat(result.rendered().get("ssh")).contains("kind: SSHHost\nhost: 10.0.0.2")
        .contains("    -----BEGIN OPENSSH PRIVATE KEY-----");
    assertThat(result.rendered().get("resources/modules")).contains("releaseChannel: Stable")
        .contains("https://commander.example.com/agent_api/7b0c5c1e-0f4a-4bd6-9a53-6f0f6f0f6f0f");
    assertThat(render(SECTIONS, values())).as("the same inputs give the same bytes").isEqualTo(result);
  }

  @Test
  void aValueTypoAndAMissingValueAreEachOneProblem() {
    final Map<String, Object> typo = values();
    typo.put("clustrName", typo.remove("clusterName"));
    assertThat(render(SECTIONS, typo).problems()).extracting(RenderProblem::toString).containsExactly(
        "values: clustrName: is not a parameter of this template version",
        "values: clusterName: is required (Name)");
  }

  @Test
  void badIndentationIsLocated() {
    final Sections broken = new Sections(SECTIONS.kubernetes(), """
        apiVersion: deckhouse.io/v1
        kind: StaticClusterConfiguration
        internalNetworkCIDRs:
          - 10.0.0.0/24
         - 10.0.1.0/24
        """, SECTIONS.ssh(), SECTIONS.installation(), "", SECTIONS.resources());
    final List<RenderProblem> problems = render(broken, values()).problems();
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).section()).isEqualTo("placement");
    assertThat(problems.get(0).line()).isEqualTo(5);
    assertThat(problems.get(0).message()).startsWith("YAML: ");
  }

  @Test
  void anUnknownFunctionIsLocatedAndTheOtherSectionsStillRender() {
    final Sections broken = new Sections("apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\n"
        + "podSubnetCIDR: {{ .podSubnet | cidrhost 1 }}\n", SECTIONS.placement(), SECTIONS.ssh(),
        SECTIONS.installation(), "", SECTIONS.resources());
    final ClusterRenderer.Result result = render(broken, values());
    assertThat(result.problems()).extracting(RenderProblem::toString)
        .containsExactly("kubernetes line 3: function \"cidrhost\" not defined");
    assertThat(result.rendered().get("placement")).contains("10.0.0.1/32");
  }

  @Test
  void documentsNeedApiVersionAndKindAndRequiredSectionsTheirText() {
    final Sections broken = new Sections("", "apiVersion: deckhouse.io/v1\nmetadata: {}\n---\n- just a list\n",
        "", "", "", List.of());
    assertThat(render(broken, values()).problems()).extracting(RenderProblem::toString).containsExactly(
        "kubernetes: the section is required and empty",
        "placement document 1 line 1: the document has no kind",
        "placement document 2 line 4: a document must be a mapping with apiVersion and kind");
  }

  @Test
  void aKeptParseRendersWithEachRendersOwnClockAndRandomSource() {
    final Sections timed = new Sections("apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\n"
        + "clusterType: Static\npodSubnetCIDR: 10.111.0.0/16\nserviceSubnetCIDR: 10.222.0.0/16\n"
        + "kubernetesVersion: \"Automatic\"\nclusterDomain: \"cluster.local\"\n"
        + "# {{ now | date \"2006\" }} {{ randAlphaNum 12 }}\n", SECTIONS.placement(), "", "", "", List.of());
    final Clock later = Clock.fixed(Instant.parse("2031-01-01T00:00:00Z"), ZoneOffset.UTC);
    final String first = new ClusterRenderer().render(timed, SCHEMA, values(), BUILT_INS, CLOCK, 1L)
        .rendered().get("kubernetes");
    final String second = new ClusterRenderer().render(timed, SCHEMA, values(), BUILT_INS, later, 2L)
        .rendered().get("kubernetes");
    final String again = new ClusterRenderer().render(timed, SCHEMA, values(), BUILT_INS, CLOCK, 1L)
        .rendered().get("kubernetes");
    assertThat(first).contains("# 2026 ");
    assertThat(second).contains("# 2031 ");
    assertThat(first.substring(first.indexOf("# "))).isNotEqualTo(second.substring(second.indexOf("# ")).replace("2031", "2026"));
    assertThat(again).as("the same clock and seed give the same bytes").isEqualTo(first);
  }
}
