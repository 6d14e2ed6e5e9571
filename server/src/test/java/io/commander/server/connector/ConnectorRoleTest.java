package io.commander.server.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.server.api.ApiFixture;
import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The API without the connector role anywhere on its event bus says so, rather than blaming the cluster. */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@Timeout(120)
class ConnectorRoleTest {

  @Test
  void withoutAConnectorRequestsToAClusterAreConnectorUnavailable(final TestDatabase db, final TestKafka kafka,
                                                                  @TempDir final Path state) {
    try (ApiFixture api = ApiFixture.start(db, kafka, state, Map.of("COMMANDER_ROLES", "api,renderer,agent-gateway"))) {
      final UUID workspace = api.workspace("connectorless");
      final Credentials admin = api.admin();
      final Credentials token = Credentials.token(api.token(admin, workspace, false));
      final String cluster = api.queryOne("INSERT INTO clusters (workspace_id, name, provisioner) "
          + "VALUES (?::uuid, 'lonely', 'simulated') RETURNING id::text", workspace.toString());
      for (String path : new String[] {"/k8s/api/v1/namespaces", "/console/nodes"}) {
        final Response answer = api.call("GET", "/clusters/" + cluster + path, null, token);
        assertThat(answer.status()).as(path).isEqualTo(503);
        assertThat(answer.code()).as(path).isEqualTo("connector_unavailable");
        assertThat(answer.header("retry-after")).as(path).isPresent();
      }
    }
  }
}
