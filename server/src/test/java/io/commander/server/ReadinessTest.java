package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.core.config.CommanderConfig;
import io.commander.devservices.EmbeddedPostgresServer;
import io.commander.testing.FreePorts;
import io.commander.testing.KafkaExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness follows the database: a PostgreSQL server of the test's own is stopped under a
 * running Commander and started again.
 */
@ExtendWith(KafkaExtension.class)
@Timeout(180)
class ReadinessTest {

  @TempDir
  Path dir;

  @Test
  void turnsUnreadyWhilePostgresIsDownAndRecovers(final TestKafka kafka) {
    final int pgPort = FreePorts.next();
    EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), pgPort);
    Commander commander = null;
    try {
      pg.ensureDatabase("readiness", "commander", "");
      final TestDatabase db = new TestDatabase(EmbeddedPostgresServer.HOST, pgPort, "readiness", "commander", "");
      final Map<String, String> env = TestCommanders.env(db, kafka, dir.resolve("state"));
      final CommanderConfig config = TestCommanders.config(env);
      commander = Commander.start(config);
      assertThat(TestCommanders.get(config, "/health/ready").statusCode()).isEqualTo(200);

      pg.close();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        final HttpResponse<String> response = TestCommanders.get(config, "/health/ready");
        assertThat(response.statusCode()).isEqualTo(503);
        final JsonObject postgres = check(response, "postgres");
        assertThat(postgres.getString("status")).isEqualTo("DOWN");
        assertThat(postgres.getJsonObject("data").getString("error")).isNotBlank();
        assertThat(check(response, "kafka").getString("status")).as("only the failing check is down").isEqualTo("UP");
      });
      assertThat(TestCommanders.get(config, "/health/live").statusCode()).as("the process itself is alive")
          .isEqualTo(200);

      pg = EmbeddedPostgresServer.start(dir.resolve("pg"), pgPort);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> TestCommanders.get(config, "/health/ready").statusCode() == 200);
    } finally {
      if (commander != null) {
        commander.stop();
      }
      pg.close();
    }
  }

  private static JsonObject check(final HttpResponse<String> response, final String id) {
    return new JsonObject(response.body()).getJsonArray("checks").stream()
        .map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + id + " in " + response.body()));
  }
}
