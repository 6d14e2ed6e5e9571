package io.commander.renderer.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.renderer.cluster.RenderProblem;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;

/** dhctl's kinds in the sections Commander reads them from, and nowhere else. */
class SectionKindsTest {

  private static final String CLUSTER = "apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\n";
  private static final String STATIC = "apiVersion: deckhouse.io/v1\nkind: StaticClusterConfiguration\n";
  private static final String OPENSTACK = "apiVersion: deckhouse.io/v1\nkind: OpenStackClusterConfiguration\n";
  private static final String INIT = "apiVersion: deckhouse.io/v1\nkind: InitConfiguration\n";
  private static final String SSH_CONFIG = "apiVersion: dhctl.deckhouse.io/v1\nkind: SSHConfig\n";
  private static final String SSH_HOST = "apiVersion: dhctl.deckhouse.io/v1\nkind: SSHHost\n";
  private static final String MODULE_CONFIG = "apiVersion: deckhouse.io/v1alpha1\nkind: ModuleConfig\n";

  private static List<String> check(final String section, final String... documents) {
    final List<Node> nodes = new ArrayList<>();
    new Yaml(new LoaderOptions()).composeAll(new StringReader(String.join("---\n", documents))).forEach(nodes::add);
    return SectionKinds.check(section, nodes).stream().map(RenderProblem::toString).toList();
  }

  @Test
  void eachDhctlSectionHoldsItsKinds() {
    assertThat(check("kubernetes", CLUSTER)).isEmpty();
    assertThat(check("placement", STATIC)).isEmpty();
    assertThat(check("placement", OPENSTACK)).isEmpty();
    assertThat(check("ssh", SSH_CONFIG, SSH_HOST, SSH_HOST)).isEmpty();
    assertThat(check("ssh")).as("the ssh section may render to nothing").isEmpty();
    assertThat(check("installation", INIT)).isEmpty();
    assertThat(check("installation")).isEmpty();
    assertThat(check("kubernetes", CLUSTER, MODULE_CONFIG)).as("other kinds may be anywhere").isEmpty();
  }

  @Test
  void theRequiredConfigurationsAreThere() {
    assertThat(check("kubernetes", MODULE_CONFIG))
        .containsExactly("kubernetes: the kubernetes section must hold a ClusterConfiguration");
    assertThat(check("kubernetes")).as("a section rendered to nothing")
        .containsExactly("kubernetes: the kubernetes section must hold a ClusterConfiguration");
    assertThat(check("placement", MODULE_CONFIG)).containsExactly("placement: the placement section must hold a "
        + "StaticClusterConfiguration or <Provider>ClusterConfiguration");
    assertThat(check("ssh", SSH_HOST)).containsExactly("ssh: the ssh section must hold an SSHConfig");
  }

  @Test
  void aSecondConfigurationIsLocated() {
    assertThat(check("kubernetes", CLUSTER, CLUSTER)).containsExactly(
        "kubernetes document 2 line 5 column 7: only one ClusterConfiguration may be in the kubernetes section");
    assertThat(check("placement", STATIC, OPENSTACK)).containsExactly("placement document 2 line 5 column 7: only one "
        + "StaticClusterConfiguration or <Provider>ClusterConfiguration may be in the placement section");
    assertThat(check("ssh", SSH_CONFIG, SSH_HOST, SSH_CONFIG)).containsExactly(
        "ssh document 3 line 8 column 7: only one SSHConfig may be in the ssh section");
    assertThat(check("installation", INIT, INIT)).containsExactly(
        "installation document 2 line 5 column 7: only one InitConfiguration may be in the installation section");
  }

  @Test
  void dhctlKindsElsewhereSayWhereTheyBelong() {
    assertThat(check("resources/modules", MODULE_CONFIG, CLUSTER, INIT, SSH_CONFIG)).containsExactly(
        "resources/modules document 2 line 5 column 7: ClusterConfiguration belongs in the kubernetes section: "
            + "dhctl reads it only from there",
        "resources/modules document 3 line 8 column 7: InitConfiguration belongs in the installation section: "
            + "dhctl reads it only from there",
        "resources/modules document 4 line 11 column 7: SSHConfig belongs in the ssh section: "
            + "dhctl reads it only from there");
    assertThat(check("primary_resources", OPENSTACK)).containsExactly("primary_resources document 1 line 2 column 7: "
        + "OpenStackClusterConfiguration belongs in the placement section: dhctl reads it only from there");
    assertThat(check("kubernetes", CLUSTER, SSH_HOST)).containsExactly(
        "kubernetes document 2 line 5 column 7: SSHHost belongs in the ssh section: dhctl reads it only from there");
  }

  @Test
  void kindsOfOtherGroupsAreNotDhctls() {
    assertThat(check("resources/apps", "apiVersion: example.com/v1\nkind: FooClusterConfiguration\n")).isEmpty();
  }

  @Test
  void aMalformedDocumentLeavesTheSectionUnchecked() {
    assertThat(check("kubernetes", "apiVersion: deckhouse.io/v1\n")).isEmpty();
    assertThat(check("placement", "- a list\n")).isEmpty();
  }
}
