package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.testing.FreePorts;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Commander on the embedded services, killed with SIGKILL while installs run, starts again with the
 * same command on the same state directory: ready without a manual step, every cluster reaches
 * {@code in_sync} with exactly one install task, none lost and none finished twice.
 */
@Timeout(300)
class CrashRestartTest {

  private static final int CLUSTERS = 8;
  private static final String PASSWORD = "crash-test-password-1";
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private Process start(final Map<String, String> env, final Path log) throws IOException {
    final Process process = TestCommanders.startProcess(env, log, "512m");
    processes.add(process);
    return process;
  }

  @Test
  void aKilledCommanderStartsAgainAndFinishesItsInstallsOnce(@TempDir final Path dir) throws Exception {
    final int port = FreePorts.next();
    final Map<String, String> env = new HashMap<>();
    env.put("COMMANDER_STATE_DIR", dir.resolve("state").toString());
    env.put("COMMANDER_HTTP_HOST", "127.0.0.1");
    env.put("COMMANDER_HTTP_PORT", Integer.toString(port));
    env.put("COMMANDER_HTTP_WEBROOT", TestCommanders.PROJECT_ROOT.resolve("webroot").resolve("dist").toString());
    env.put("COMMANDER_DB_EMBEDDED_PORT", Integer.toString(FreePorts.next()));
    env.put("COMMANDER_KAFKA_EMBEDDED_PORT", Integer.toString(FreePorts.nextPair()));
    env.put("COMMANDER_ROLES", "api,renderer,cluster-manager");
    env.put("COMMANDER_ADMIN_PASSWORD", PASSWORD);
    env.put("COMMANDER_SIMULATED_INSTALL_DURATION", "8");
    env.put("COMMANDER_CLUSTER_MANAGER_LEASE_TTL", "3");
    env.put("COMMANDER_CLUSTER_MANAGER_POLL_INTERVAL", "1");
    env.put("COMMANDER_CLUSTER_MANAGER_RETRY_BACKOFF", "1");
    final Path log = dir.resolve("commander.log");

    final Process first = start(env, log);
    final ProcessApi api = new ProcessApi(port);
    final String token = api.workspaceToken(PASSWORD, "crash");
    final String version = api.staticTemplate(token);
    final List<String> ids = new ArrayList<>();
    for (int i = 0; i < CLUSTERS; i++) {
      ids.add(api.createCluster(token, version, "crash-" + i));
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
        ids.stream().filter(id -> "creating".equals(api.cluster(token, id).getString("status"))).count() >= CLUSTERS / 2);

    // As the OOM killer or a power cut of the process would: no shutdown at all.
    first.destroyForcibly().waitFor();
    final Path data = dir.resolve("state").resolve("postgres");
    await("the embedded postgresql dies with its Commander").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100)).until(() -> !Files.exists(data.resolve("postmaster.pid")));

    start(env, log);
    assertThat(Files.readString(log)).contains("start after a crash: the Commander before this one (pid " + first.pid());
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
        ids.stream().allMatch(id -> "in_sync".equals(api.cluster(token, id).getString("status"))));
    int retaken = 0;
    for (String id : ids) {
      final List<JsonObject> installs = api.tasks(token, id).stream().map(JsonObject.class::cast)
          .filter(t -> "install".equals(t.getString("kind"))).toList();
      assertThat(installs).as("install tasks of %s", id).hasSize(1);
      assertThat(installs.get(0).getString("state")).isEqualTo("succeeded");
      retaken += installs.get(0).getInteger("attempt") >= 2 ? 1 : 0;
    }
    assertThat(retaken).as("installs the killed Commander was running, run again after their leases expired")
        .isPositive();
  }
}
