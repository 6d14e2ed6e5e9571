package io.commander.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What the fleet simulator reads from the API's answers. */
class CommanderApiTest {

  private static String b64(final String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theAgentTokenComesFromTheSecretOfTheManifest() {
    final String yaml = "---\napiVersion: \"v1\"\nkind: \"Namespace\"\nmetadata:\n  name: \"d8-commander-agent\"\n"
        + "---\napiVersion: \"v1\"\nkind: \"ConfigMap\"\nmetadata:\n  name: \"x\"\ndata:\n  token: \"bm90IGl0\"\n"
        + "---\napiVersion: \"v1\"\nkind: \"Secret\"\nmetadata:\n  name: \"commander-agent\"\n  labels:\n"
        + "    token: \"label\"\ndata:\n  server-url: \"" + b64("http://localhost:8080/agent_api/1") + "\"\n"
        + "  token: \"" + b64("cmdr_abc") + "\"\ntype: \"Opaque\"\n";

    assertThat(CommanderApi.secretValue(yaml, "token")).contains("cmdr_abc");
    assertThat(CommanderApi.secretValue(yaml, "server-url")).contains("http://localhost:8080/agent_api/1");
    assertThat(CommanderApi.secretValue(yaml, "ca.crt")).isEmpty();
  }

  @Test
  void clusterNamesSortAsTheyAreNumbered() {
    assertThat(FleetSimulator.name(1)).isEqualTo("sim-00001");
    assertThat(FleetSimulator.name(10_000)).isEqualTo("sim-10000");
  }
}
