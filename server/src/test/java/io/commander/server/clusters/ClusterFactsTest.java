package io.commander.server.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What clients read of a rendering: the cluster's type and its masters' SSH addresses. */
class ClusterFactsTest {

  private static JsonObject master(final String host, final String user, final int port) {
    return new JsonObject().put("host", host).put("user", user).put("port", port);
  }

  @Test
  void aStaticClusterWithItsSshSettingsAndHosts() {
    final ClusterFacts facts = ClusterFacts.of(Map.of(
        "kubernetes", """
            apiVersion: deckhouse.io/v1
            kind: ClusterConfiguration
            clusterType: Static
            podSubnetCIDR: 10.111.0.0/16
            ---
            apiVersion: deckhouse.io/v1
            kind: InitConfiguration
            """,
        "ssh", """
            apiVersion: dhctl.deckhouse.io/v1
            kind: SSHConfig
            sshUser: ubuntu
            sshPort: 2222
            ---
            apiVersion: dhctl.deckhouse.io/v1
            kind: SSHHost
            host: 10.0.0.1
            ---
            {apiVersion: dhctl.deckhouse.io/v1, kind: SSHHost, host: "10.0.0.2"}
            """));
    assertThat(facts.clusterType()).contains("static");
    assertThat(facts.connectionHosts()).isEqualTo(new JsonObject().put("masters", new JsonArray()
        .add(master("10.0.0.1", "ubuntu", 2222)).add(master("10.0.0.2", "ubuntu", 2222))));
  }

  @Test
  void valuesOfAnotherTypeAreNotTakenAndTheLastOfARepeatedKeyIs() {
    final ClusterFacts facts = ClusterFacts.of(Map.of(
        "kubernetes", "kind: ClusterConfiguration\nclusterType: Cloud\nclusterType: Hybrid\n",
        "ssh", "kind: SSHConfig\nsshUser: core\nsshPort: '2222'\n---\nkind: SSHHost\nhost: 1.5\n---\n- not a mapping\n"));
    assertThat(facts.clusterType()).as("neither cloud nor static").isEmpty();
    assertThat(facts.connectionHosts().getJsonArray("masters")).as("a host that is a number").isEmpty();
    assertThat(ClusterFacts.of(Map.of("kubernetes", "kind: ClusterConfiguration\nclusterType: Cloud\n",
        "ssh", "kind: SSHConfig\nsshUser: core\nsshPort: '2222'\n---\nkind: SSHHost\nhost: master-0\n"))
        .connectionHosts()).as("a quoted port is not a port").isEqualTo(new JsonObject().put("masters",
            new JsonArray().add(master("master-0", "core", 22))));
  }

  @Test
  void withoutSectionsOrWithTextThatIsNotYamlThereAreNoFacts() {
    assertThat(ClusterFacts.of(Map.of())).isEqualTo(new ClusterFacts(Optional.empty(),
        new JsonObject().put("masters", new JsonArray())));
    final ClusterFacts broken = ClusterFacts.of(Map.of("kubernetes", "kind: ClusterConfiguration\nclusterType: Static\n"
        + "---\nkind: [unclosed\n", "ssh", ""));
    assertThat(broken.clusterType()).as("the documents before the error").contains("static");
    assertThat(broken.connectionHosts().getJsonArray("masters")).isEmpty();
  }
}
