package io.commander.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.server.api.ApiFixture;
import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** With the default settings the API refuses webhooks to loopback, link-local and metadata addresses, writing nothing. */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class WebhookUrlRefusedTest {

  private ApiFixture api;
  private Credentials token;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state);
    token = Credentials.token(api.token(api.admin(), api.workspace("refused"), false));
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private Response subscribe(final String url) {
    return api.call("POST", "/webhooks", new JsonObject().put("url", url)
        .put("event_types", new JsonArray().add("io.commander.cluster.created")), token);
  }

  @Test
  void loopbackLinkLocalAndMetadataUrlsAreRefusedAndNothingIsWritten() {
    for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook",
        "http://169.254.169.254/latest/meta-data/", "http://[::1]/hook", "http://0.0.0.0/")) {
      final Response refused = subscribe(url);
      assertThat(refused.status()).as(url).isEqualTo(400);
      assertThat(refused.code()).as(url).isEqualTo("webhook_url_forbidden");
      assertThat(refused.header("Content-Type")).hasValue("application/problem+json");
      assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/url");
    }
    assertThat(api.count("webhooks")).isZero();
    assertThat(api.queryOne("SELECT count(*)::text FROM audit_log WHERE entity_type = 'Webhook'")).isEqualTo("0");

    final Response accepted = subscribe("https://203.0.113.9/hook");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
    assertThat(api.count("webhooks")).isOne();
  }
}
