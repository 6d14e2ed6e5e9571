package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A body written by the streaming generator has the bytes {@code encode()} gave before it. */
class JsonBodyTest {

  /** A cluster as {@code GET /clusters/{id}} answers it, every field set, with awkward text and numbers. */
  private static JsonObject cluster() {
    return new JsonObject()
        .put("id", "0b6c1f1e-8f5e-4c53-9d55-1d2f0c8a9b01")
        .put("workspace_id", "5c0e2d1f-0000-4000-8000-000000000001")
        .put("name", "prod-é-集群-\u2028-\"quoted\"\\back/slash\ttab\nline\u0001ctl")
        .put("cluster_template_id", "1e6c1f1e-8f5e-4c53-9d55-1d2f0c8a9b02")
        .put("cluster_template_version_id", "2e6c1f1e-8f5e-4c53-9d55-1d2f0c8a9b03")
        .put("registry_id", null)
        .put("provisioner", "simulated")
        .put("simulated", true)
        .put("status", "in_sync")
        .put("values", new JsonObject().put("masters", 3).put("ratio", 0.1).put("big", 12345678901234L)
            .put("decimal", new BigDecimal("1.10")).put("huge", new BigInteger("123456789012345678901234567890"))
            .put("exp", 1.0e-7).put("neg", -0.0).put("float", 2.5f)
            .put("emoji", "\uD83D\uDE80 rocket").put("empty", "").put("list", new JsonArray().add(1).add("a").addNull()
                .add(new JsonObject().put("deep", new JsonArray().add(false))))
            .put("registryPassword", "****"))
        .put("render_errors", new JsonArray())
        .put("sync_mode", "auto")
        .put("check_interval_seconds", 900)
        .put("current_revision", 4)
        .put("desired_revision", 4)
        .put("applied_revision", 3)
        .put("was_created", false)
        .put("ssh_public_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI commander")
        .put("current_task_id", "3e6c1f1e-8f5e-4c53-9d55-1d2f0c8a9b04")
        .put("is_locked", true)
        .put("cluster_type", "Static")
        .put("connection_hosts", new JsonObject().put("masters", new JsonArray().add(new JsonObject()
            .put("host", "10.0.0.1").put("port", 22))))
        .put("cluster_template_version_switched_at", "2026-12-04T10:00:00.123456Z")
        .put("cluster_configuration_updated_at", "2026-12-04T10:00:00Z")
        .put("cluster_configuration_applied_at", "2026-12-04T10:00:01.5Z")
        .put("cluster_configuration_checked_at", "2026-12-04T10:00:02.000001Z")
        .put("created_at", "2026-12-04T09:00:00Z")
        .put("updated_at", "2026-12-04T10:00:00Z")
        .put("archived_at", "2026-12-04T11:00:00Z")
        .put("archive_number", "2")
        .put("cluster_agent_data", new JsonArray().add(new JsonObject().put("source", "overview")
            .put("data", new JsonObject().put("nodes", 3).put("ready", 2.75))))
        .put("agent_status", "connected")
        .put("agent_connected_at", "2026-12-04T10:00:00Z")
        .put("agent_last_seen_at", "2026-12-04T10:00:03Z")
        .put("agent_version", "1.2.3")
        .put("resources_sync_state", "synced")
        .put("resources_state_results", new JsonArray().add(new JsonObject().put("name", "agent").put("ok", true)))
        .put("resources_checked_at", "2026-12-04T10:00:04Z")
        .put("resources_applied_at", "2026-12-04T10:00:05Z");
  }

  @Test
  void aClusterAndAListOfThemAsEncodeWroteThem() {
    final JsonObject one = cluster();
    assertThat(JsonBody.encode(one).getBytes()).isEqualTo(one.encode().getBytes(StandardCharsets.UTF_8));
    final JsonArray page = new JsonArray();
    for (int i = 0; i < 50; i++) {
      page.add(cluster().put("name", "c-" + i));
    }
    assertThat(JsonBody.encode(page).toString()).isEqualTo(page.encode());
    assertThat(JsonBody.encode(new JsonArray()).toString()).isEqualTo("[]");
  }

  @Test
  void plainMapsListsAndOtherValues() {
    final Map<String, Object> map = new LinkedHashMap<>();
    final List<Object> list = new ArrayList<>(List.of(1, "x"));
    map.put("list", list);
    map.put("bytes", "hi".getBytes(StandardCharsets.UTF_8));
    map.put("instant", Instant.parse("2026-12-04T10:00:00.123Z"));
    final JsonObject body = new JsonObject().put("map", map).put("long text", "x".repeat(20_000));
    assertThat(JsonBody.encode(body).toString()).isEqualTo(body.encode());
  }

  /** Not one of JSON's own types: databind writes it as a bean. */
  record Point(int x, int y) {
  }

  @Test
  void aValueTheStreamingWriterDoesNotKnowFallsBackToEncode() {
    final JsonObject body = new JsonObject().put("point", new Point(1, 2)).put("n", 1);
    assertThat(JsonBody.encode(body).toString()).isEqualTo(body.encode()).isEqualTo("{\"point\":{\"x\":1,\"y\":2},\"n\":1}");
  }
}
