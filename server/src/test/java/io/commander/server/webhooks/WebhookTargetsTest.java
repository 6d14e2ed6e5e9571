package io.commander.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.server.api.ApiException;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Which webhook URLs are refused while {@code webhooks.allow-private-targets} is false, and which pass. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookTargetsTest {

  private final Vertx vertx = Vertx.vertx();
  private final WebhookTargets strict = new WebhookTargets(vertx, false);
  private final WebhookTargets lenient = new WebhookTargets(vertx, true);

  @AfterAll
  void close() {
    vertx.close().await();
  }

  private String code(final WebhookTargets targets, final String url) {
    try {
      targets.check(url).await();
      return null;
    } catch (ApiException e) {
      return e.code();
    }
  }

  @Test
  void loopbackLinkLocalMetadataAndUnspecifiedTargetsAreRefused() {
    for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "https://[::1]/hook",
        "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/", "http://[::]/", "http://[fe80::1]/",
        "http://[::ffff:169.254.169.254]/", "http://[fd00:ec2::254]/")) {
      assertThat(code(strict, url)).as(url).isEqualTo("webhook_url_forbidden");
      assertThat(code(lenient, url)).as(url + " when allowed").isNull();
    }
  }

  @Test
  void otherAddressesAndWrongUrls() {
    assertThat(code(strict, "https://10.20.30.40/hook")).isNull();
    assertThat(code(strict, "https://203.0.113.9:8443/hook")).isNull();
    assertThat(code(strict, "ftp://203.0.113.9/hook")).isEqualTo("validation_failed");
    assertThat(code(strict, "https://user:pw@203.0.113.9/hook")).isEqualTo("validation_failed");
    assertThat(code(lenient, "http:///nohost")).isEqualTo("validation_failed");
  }
}
