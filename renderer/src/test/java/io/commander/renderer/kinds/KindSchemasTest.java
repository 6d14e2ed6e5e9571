package io.commander.renderer.kinds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.commander.renderer.cluster.RenderProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Every kind's schema against valid documents, and the mistakes template authors make, located. */
class KindSchemasTest {

  private static List<Node> compose(final String text) {
    final List<Node> documents = new ArrayList<>();
    new Yaml(new LoaderOptions()).composeAll(new java.io.StringReader(text)).forEach(documents::add);
    return documents;
  }

  /** The problems of a one-document text, each as {@code line:column message}. */
  private static List<String> problems(final String text) {
    return KindSchemas.dkp().check("s", 0, (MappingNode) compose(text).get(0)).stream()
        .map(p -> p.line() + ":" + p.column() + " " + p.message()).toList();
  }

  static Stream<String> kinds() {
    return KindSchemas.KINDS.stream();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aMinimalAndAFullDocumentOfEachKindAreValid(final String kind) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("valid/" + kind + ".yaml")) {
      assertThat(in).as("valid/" + kind + ".yaml").isNotNull();
      final List<Node> documents = new ArrayList<>();
      new Yaml(new LoaderOptions()).composeAll(new InputStreamReader(in, StandardCharsets.UTF_8))
          .forEach(documents::add);
      assertThat(documents).as("a minimal and a full document").hasSize(2);
      for (Node document : documents) {
        assertThat(KindSchemas.field((MappingNode) document, "kind").orElseThrow().getValue()).isEqualTo(kind);
        assertThat(KindSchemas.dkp().check("s", 0, (MappingNode) document)).isEmpty();
      }
    }
  }

  @Test
  void everySchemaFileIsAKind() throws URISyntaxException, IOException {
    final Path directory = Path.of(KindSchemas.class.getResource("ClusterConfiguration.yaml").toURI()).getParent();
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
          .map(f -> f.replace(".yaml", "")))
          .containsExactlyInAnyOrderElementsOf(Stream.concat(KindSchemas.KINDS.stream(), Stream.of("definitions"))
              .toList());
    }
    assertThat(KindSchemas.dkp().kinds()).containsExactlyElementsOf(KindSchemas.KINDS);
  }

  @Test
  void aTypoIsAnUnknownFieldWithTheNearestKnownOne() {
    assertThat(problems("""
        apiVersion: deckhouse.io/v1
        kind: ClusterConfiguration
        clusterType: Static
        podSubnetCIRD: 10.111.0.0/16
        serviceSubnetCIDR: 10.222.0.0/16
        kubernetesVersion: Automatic
        clusterDomain: cluster.local
        defaultcri: Containerd
        colour: blue
        """)).containsExactly(
        "1:1 ClusterConfiguration: required field \"podSubnetCIDR\" is missing",
        "4:1 ClusterConfiguration: unknown field \"podSubnetCIRD\" (did you mean \"podSubnetCIDR\"?)",
        "8:1 ClusterConfiguration: unknown field \"defaultcri\" (did you mean \"defaultCRI\"?)",
        "9:1 ClusterConfiguration: unknown field \"colour\"");
  }

  @Test
  void typesComeFromTheYamlTagsSoQuotesMatter() {
    assertThat(problems("""
        apiVersion: deckhouse.io/v1
        kind: ClusterConfiguration
        clusterType: Static
        podSubnetCIDR: 10.111.0.0/16
        podSubnetNodeCIDRPrefix: 24
        serviceSubnetCIDR: 10.222.0.0/16
        kubernetesVersion: 1.30
        clusterDomain:
        proxy: [http://proxy]
        """)).containsExactly(
        "5:26 ClusterConfiguration: \".podSubnetNodeCIDRPrefix\" must be a string, not an integer",
        "7:20 ClusterConfiguration: \".kubernetesVersion\" must be a string, not a number",
        "8:15 ClusterConfiguration: \".clusterDomain\" must be a string, not empty",
        "9:8 ClusterConfiguration: \".proxy\" must be an object, not a list");
    assertThat(problems("""
        apiVersion: deckhouse.io/v1
        kind: ClusterConfiguration
        clusterType: Static
        podSubnetCIDR: 10.111.0.0/16
        podSubnetNodeCIDRPrefix: "24"
        serviceSubnetCIDR: 10.222.0.0/16
        kubernetesVersion: "1.30"
        clusterDomain: cluster.local
        """)).isEmpty();
  }

  @Test
  void requiredFieldsEnumsAndPatterns() {
    assertThat(problems("""
        apiVersion: deckhouse.io/v1
        kind: ClusterConfiguration
        clusterType: static
        podSubnetCIDR: 10.111.0.0
        serviceSubnetCIDR: 10.222.0.0/16
        kubernetesVersion: latest
        """)).containsExactly(
        "1:1 ClusterConfiguration: required field \"clusterDomain\" is missing",
        "3:14 ClusterConfiguration: \".clusterType\" must be one of Cloud, Static, not \"static\"",
        "4:16 ClusterConfiguration: \".podSubnetCIDR\" must match "
            + "^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.){3}"
            + "([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])"
            + "/(3[0-2]|[1-2][0-9]|[0-9])$, not \"10.111.0.0\"",
        "6:20 ClusterConfiguration: \".kubernetesVersion\" must match ^(1\\.[0-9]+|Automatic)$, not \"latest\"");
  }

  @Test
  void nestedObjectsAndListsArePathedAndLocated() {
    assertThat(problems("""
        apiVersion: deckhouse.io/v1
        kind: OpenStackClusterConfiguration
        layout: Standard
        sshPublicKey: ssh-ed25519 AAAA
        provider: {authURL: https://keystone, domainName: Default, username: u, password: p, region: r}
        masterNodeGroup:
          replicas: 0
          instanceClass:
            flavorNam: m1.large
            imageName: ubuntu
            rootDiskSize: 50G
          volumeTypeMap:
            eu-3a: 7
        nodeGroups:
        - name: front
          replicas: 1
          instanceClass: {flavorName: m1.large, imageName: ubuntu, mainNetwork: internal}
          nodeTemplate:
            labels:
              node-role.kubernetes.io/front: true
            taints:
            - effect: NoExecut
        """)).containsExactly(
        "7:13 OpenStackClusterConfiguration: \".masterNodeGroup.replicas\" must be at least 1, not 0",
        "9:5 OpenStackClusterConfiguration: unknown field \"flavorNam\" at .masterNodeGroup.instanceClass "
            + "(did you mean \"flavorName\"?)",
        "9:5 OpenStackClusterConfiguration: required field \"flavorName\" is missing at .masterNodeGroup.instanceClass",
        "11:19 OpenStackClusterConfiguration: \".masterNodeGroup.instanceClass.rootDiskSize\" must be an integer, "
            + "not a string",
        "13:12 OpenStackClusterConfiguration: \".masterNodeGroup.volumeTypeMap.eu-3a\" must be a string, "
            + "not an integer",
        "20:38 OpenStackClusterConfiguration: \".nodeGroups[0].nodeTemplate.labels['node-role.kubernetes.io/front']\""
            + " must be a string, not true or false",
        "22:15 OpenStackClusterConfiguration: \".nodeGroups[0].nodeTemplate.taints[0].effect\" must be one of "
            + "NoSchedule, PreferNoSchedule, NoExecute, not \"NoExecut\"");
  }

  @Test
  void nodeGroupStaticInstancesAndYamlBooleans() {
    assertThat(problems("""
        apiVersion: deckhouse.io/v1
        kind: NodeGroup
        metadata:
          name: master
        spec:
          nodeType: Static
          staticInstances:
            count: "2"
            labelSelector:
              matchLabels:
                role: master
          kubelet:
            resourceReservation:
              mode: Off
          update:
            maxConcurrent: [1]
        """)).containsExactly(
        "8:12 NodeGroup: \".spec.staticInstances.count\" must be an integer, not a string",
        "14:13 NodeGroup: \".spec.kubelet.resourceReservation.mode\" must be a string, not true or false",
        "16:20 NodeGroup: \".spec.update.maxConcurrent\" must be an integer or a string, not a list");
    assertThat(problems("""
        apiVersion: deckhouse.io/v1
        kind: NodeGroup
        metadata: {name: master}
        spec: {nodeType: Static, staticInstances: {count: -1}}
        """)).containsExactly("4:51 NodeGroup: \".spec.staticInstances.count\" must be at least 0, not -1");
  }

  @Test
  void sshConfigKeys() {
    assertThat(problems("""
        apiVersion: dhctl.deckhouse.io/v1
        kind: SSHConfig
        sshUser: ubuntu
        sshPort: "22"
        sshAgentPrivateKeys:
        - key: 42
        - passphrase: secret
        - key: ssh-ed25519 AAAA
        """)).containsExactly(
        "4:10 SSHConfig: \".sshPort\" must be an integer, not a string",
        "6:8 SSHConfig: \".sshAgentPrivateKeys[0].key\" must be a string, not an integer",
        "7:3 SSHConfig: required field \"key\" is missing at .sshAgentPrivateKeys[1]",
        "8:8 SSHConfig: \".sshAgentPrivateKeys[2].key\" must match -----BEGIN [A-Z ]*PRIVATE KEY-----, "
            + "not \"ssh-ed25519 AAAA\"");
    assertThat(problems("""
        apiVersion: dhctl.deckhouse.io/v1
        kind: SSHConfig
        sshUser: ubuntu
        sshAgentPrivateKeys: []
        """)).containsExactly("4:22 SSHConfig: \".sshAgentPrivateKeys\" must have at least 1 item, not 0");
  }

  @Test
  void numbersEnumsOfNumbersAndEmptyClosedObjects() {
    assertThat(problems("""
        apiVersion: deckhouse.io/v1
        kind: YandexClusterConfiguration
        layout: Standard
        nodeNetworkCIDR: 10.100.0.0/21
        sshPublicKey: ssh-ed25519 AAAA
        provider: {cloudID: c, folderID: f, serviceAccountJSON: "{}"}
        masterNodeGroup: {replicas: 1, instanceClass: {cores: 4, memory: 8192, imageID: fd8}}
        nodeGroups:
        - {name: w, replicas: 1, instanceClass: {cores: 2, memory: 4096, imageID: fd8, coreFraction: 30}}
        """)).containsExactly("9:94 YandexClusterConfiguration: \".nodeGroups[0].instanceClass.coreFraction\" "
        + "must be one of 5, 20, 50, 100, not 30");
    assertThat(problems("""
        apiVersion: deckhouse.io/v1
        kind: AWSClusterConfiguration
        layout: WithoutNAT
        withoutNAT: {nat: true}
        sshPublicKey: ssh-ed25519 AAAA
        provider: {providerAccessKeyId: a, providerSecretAccessKey: s, region: r}
        masterNodeGroup: {replicas: 1, instanceClass: {instanceType: m5.large, ami: ami-1}}
        """)).containsExactly("4:14 AWSClusterConfiguration: unknown field \"nat\" at .withoutNAT");
  }

  @Test
  void freeFormSettingsAreNotChecked() {
    assertThat(problems("""
        apiVersion: deckhouse.io/v1alpha1
        kind: ModuleConfig
        metadata:
          name: user-authn
          labels: {enabled: true}
        spec:
          version: 2
          enabled: "true"
          settings:
            publishAPI: {enabled: true, https: {mode: Global}}
            anything: [1, 2]
        """)).containsExactly(
        "5:21 ModuleConfig: \".metadata.labels.enabled\" must be a string, not true or false",
        "8:12 ModuleConfig: \".spec.enabled\" must be true or false, not a string");
  }

  @Test
  void anUnknownApiVersionOfAKnownKindSaysWhichAreKnown() {
    assertThat(problems("""
        apiVersion: deckhouse.io/v2
        kind: ClusterConfiguration
        """)).containsExactly("1:13 ClusterConfiguration: apiVersion must be one of deckhouse.io/v1, "
        + "deckhouse.io/v1alpha1, not \"deckhouse.io/v2\"");
    assertThat(problems("""
        apiVersion: deckhouse.io/v1alpha1
        kind: SSHCredentials
        metadata: {name: c}
        spec: {user: ubuntu, sudoPasswordEncoded: c2VjcmV0}
        """)).containsExactly("4:22 SSHCredentials: unknown field \"sudoPasswordEncoded\" at .spec");
  }

  @Test
  void otherKindsAreNotChecked() {
    assertThat(problems("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        whatever: [1]
        """)).isEmpty();
  }

  @Test
  void theProblemsAreRenderProblemsOfTheSectionAndDocument() {
    final MappingNode node = (MappingNode) compose("---\napiVersion: dhctl.deckhouse.io/v1\nkind: SSHHost\n").get(0);
    assertThat(KindSchemas.dkp().check("ssh", 2, node)).containsExactly(new RenderProblem(RenderProblem.Kind.SCHEMA,
        "ssh", 2, 2, 1, "SSHHost: required field \"host\" is missing"));
  }

  @Test
  void aSchemaMistakeIsAnError() {
    assertThatThrownBy(() -> KindSchema.parse(Map.of("type", "object", "propertes", Map.of()), Map.of(), "K.yaml"))
        .hasMessage("K.yaml: unknown keyword propertes");
    assertThatThrownBy(() -> KindSchema.parse(Map.of("type", "map"), Map.of(), "K.yaml"))
        .hasMessage("K.yaml: unknown type map");
    assertThatThrownBy(() -> KindSchema.parse(Map.of("$ref", "cidr", "type", "string"), Map.of("cidr", Map.of()),
        "K.yaml")).hasMessage("K.yaml: $ref must stand alone and name a definition");
    assertThatThrownBy(() -> KindSchema.parse(Map.of("required", List.of("b"), "properties", Map.of("a", Map.of())),
        Map.of(), "K.yaml")).hasMessage("K.yaml: required field b is not among the properties");
  }

  @Test
  void suggestionsAreCloseOrDifferOnlyInCase() {
    final List<String> known = List.of("sshUser", "sshPort");
    assertThat(SchemaValidator.suggestion("sshuser", known)).isEqualTo(" (did you mean \"sshUser\"?)");
    assertThat(SchemaValidator.suggestion("sshPrt", known)).isEqualTo(" (did you mean \"sshPort\"?)");
    assertThat(SchemaValidator.suggestion("hostname", List.of("host"))).isEmpty();
    assertThat(SchemaValidator.suggestion("ab", List.of("xy"))).isEmpty();
  }
}
