package io.commander.server.tasks;

import static io.commander.server.tasks.QueueFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.commander.core.bus.Addresses;
import io.commander.core.config.CommanderConfig;
import io.commander.server.provisioners.Provisioners;
import io.commander.server.provisioners.simulated.SimulatedProvisioner;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Cluster-manager instances running tasks from the real queue, with the simulated provisioner. */
@ExtendWith(PostgresExtension.class)
@Timeout(120)
class ClusterManagerTest {

  private QueueFixture fx;

  @BeforeEach
  void setUp(final TestDatabase db, @TempDir final Path state) {
    fx = new QueueFixture(db, state);
    // Tests share the database: each starts with an empty queue, so no instance runs another's tasks.
    fx.pool.query("DELETE FROM tasks").execute().await();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private static Provisioners simulated() {
    return Provisioners.of(new SimulatedProvisioner(Duration.ZERO, ""));
  }

  private static CommanderConfig.ClusterManager settings(final int concurrency, final int leaseSeconds,
                                                         final Duration shutdown) {
    return new CommanderConfig.ClusterManager(concurrency, Duration.ofSeconds(leaseSeconds), Duration.ofSeconds(1), 3,
        Duration.ofSeconds(1), shutdown, 30, Duration.ZERO, Duration.ofMinutes(5), "commander-agent:test", "", "dhctl");
  }

  @Test
  void anInstallGoesThroughTheSimulatedPhasesToInSync() {
    final UUID cluster = fx.cluster("new", new JsonObject(), false, "auto");
    final UUID task = fx.enqueue(cluster, TaskKind.INSTALL);
    final List<JsonObject> live = new CopyOnWriteArrayList<>();
    fx.start(QueueFixture.settings(), simulated(),
        v -> v.eventBus().<JsonArray>consumer(Addresses.taskLog(task),
            m -> m.body().forEach(l -> live.add((JsonObject) l))));

    waitUntil(() -> fx.state(task).equals("succeeded"));

    final Row row = fx.cluster(cluster);
    assertThat(row.getString("status")).isEqualTo("in_sync");
    assertThat(row.getBoolean("was_created")).isTrue();
    assertThat(row.getInteger("applied_revision")).isEqualTo(1);
    assertThat(row.getOffsetDateTime("last_checked_at")).isNotNull();
    assertThat(fx.task(task).getInteger("attempt")).isEqualTo(1);
    final List<String> lines = fx.logLines(task);
    assertThat(lines).anyMatch(l -> l.contains("[simulated] ▶ Base Infrastructure"))
        .anyMatch(l -> l.contains("[simulated] ▶ Bootstrap master"))
        .anyMatch(l -> l.contains("[simulated] ▶ Install Deckhouse"))
        .anyMatch(l -> l.contains("[simulated] ▶ Create resources"))
        .last().isEqualTo("task install succeeded");
    waitUntil(() -> live.size() == lines.size());
    assertThat(live.get(0).getInteger("seq")).isZero();
    assertThat(live.get(0).getString("stream")).isEqualTo("system");
    assertThat(live.get(0).getString("at")).isNotBlank();
    assertThat(live).extracting(j -> j.getString("line")).containsExactlyElementsOf(lines);
  }

  @Test
  void twoInstancesRunTwoHundredInstallsEachExactlyOnce() {
    final TestProvisioners.Counting counting = new TestProvisioners.Counting(new SimulatedProvisioner(Duration.ZERO, ""));
    final List<UUID> clusters = new ArrayList<>();
    final List<UUID> tasks = new ArrayList<>();
    fx.start(settings(16, 30, Duration.ofSeconds(5)), Provisioners.of(counting));
    fx.start(settings(16, 30, Duration.ofSeconds(5)), Provisioners.of(counting));
    for (int i = 0; i < 200; i++) {
      final UUID cluster = fx.cluster("new", new JsonObject(), false, "auto");
      clusters.add(cluster);
      tasks.add(fx.enqueue(cluster, TaskKind.INSTALL));
    }

    waitUntil(() -> fx.count("SELECT count(*) FROM tasks WHERE state = 'succeeded'") == 200);

    assertThat(counting.runs).hasSize(200);
    assertThat(tasks).allSatisfy(t -> assertThat(counting.runs.get(t).get()).as("runs of %s", t).isEqualTo(1));
    assertThat(fx.count("SELECT count(*) FROM tasks WHERE attempt <> 1")).isZero();
    assertThat(fx.count("SELECT count(*) FROM clusters WHERE status = 'in_sync' AND id IN ("
        + String.join(",", clusters.stream().map(c -> "'" + c + "'").toList()) + ")")).isEqualTo(200);
    assertThat(fx.count("SELECT count(DISTINCT lease_owner) FROM tasks")).isZero();
  }

  @Test
  void aTaskOfAFrozenInstanceIsTakenOverAndRunAgain() {
    final TestProvisioners.Blocking blocking = new TestProvisioners.Blocking();
    final QueueFixture.Instance frozen = fx.start(settings(4, 1, Duration.ofSeconds(1)), Provisioners.of(blocking));
    final UUID cluster = fx.cluster("new", new JsonObject(), false, "auto");
    final UUID task = fx.enqueue(cluster, TaskKind.INSTALL);
    await(blocking);
    final String firstOwner = fx.task(task).getString("lease_owner");
    assertThat(firstOwner).isEqualTo(frozen.verticle().instanceId());

    frozen.freeze();
    final QueueFixture.Instance other = fx.start(settings(4, 1, Duration.ofSeconds(1)), simulated());

    waitUntil(() -> fx.state(task).equals("succeeded"));
    final Row row = fx.task(task);
    assertThat(row.getInteger("attempt")).isEqualTo(2);
    assertThat(fx.status(cluster)).isEqualTo("in_sync");
    assertThat(fx.logLines(task)).anyMatch(l -> l.contains("attempt 2 of 3 on " + other.verticle().instanceId()));
    // The frozen instance noticed it could not renew and gave up its run.
    waitUntil(() -> blocking.release.getCount() == 0);
  }

  @Test
  void aTaskOfAFrozenInstanceWithoutAttemptsLeftIsLostAndItsClusterFailed() {
    final UUID cluster = fx.cluster("new", new JsonObject(), false, "auto");
    final UUID task = fx.enqueue(cluster, TaskKind.INSTALL);
    fx.pool.preparedQuery("UPDATE tasks SET max_attempts = 1 WHERE id = $1").execute(Tuple.of(task)).await();
    final TestProvisioners.Blocking blocking = new TestProvisioners.Blocking();
    final QueueFixture.Instance frozen = fx.start(settings(4, 1, Duration.ofSeconds(1)), Provisioners.of(blocking));
    await(blocking);
    frozen.freeze();
    fx.start(settings(4, 1, Duration.ofSeconds(1)), simulated());

    waitUntil(() -> fx.state(task).equals("lost"));
    assertThat(fx.task(task).getString("error")).contains("stopped renewing its lease during attempt 1");
    waitUntil(() -> fx.status(cluster).equals("creation_failed"));
  }

  @Test
  void runningAndPendingTasksCanBeCanceled() {
    final TestProvisioners.Blocking blocking = new TestProvisioners.Blocking();
    fx.start(settings(1, 30, Duration.ofSeconds(1)), Provisioners.of(blocking));
    final UUID first = fx.cluster("new", new JsonObject(), false, "auto");
    final UUID running = fx.enqueue(first, TaskKind.INSTALL);
    await(blocking);
    final UUID second = fx.cluster("new", new JsonObject(), false, "auto");
    final UUID pending = fx.enqueue(second, TaskKind.INSTALL);

    requestCancel(pending);
    waitUntil(() -> fx.state(pending).equals("canceled"));
    requestCancel(running);
    waitUntil(() -> fx.state(running).equals("canceled"));

    assertThat(fx.status(second)).isEqualTo("new");
    assertThat(fx.task(pending).getString("error")).isEqualTo("canceled before it started");
    assertThat(fx.status(first)).isEqualTo("creation_failed");
    assertThat(fx.task(running).getString("error")).contains("canceled on request");
    // The provisioner printed the cluster's SSH key: the log shows it masked.
    final List<String> lines = fx.logLines(running);
    assertThat(lines).contains("using key ****", "bad key line: ****");
    assertThat(String.join("\n", lines)).doesNotContain("test-secret");
  }

  @Test
  void aTransientFailureIsRetriedAfterABackoff() {
    final UUID cluster = fx.cluster("new", new JsonObject().put(SimulatedProvisioner.FAILURE, "install-dkp:transient:1"),
        false, "auto");
    final UUID task = fx.enqueue(cluster, TaskKind.INSTALL);
    fx.start(QueueFixture.settings(), simulated());

    waitUntil(() -> fx.state(task).equals("succeeded"));

    final Row row = fx.task(task);
    assertThat(row.getInteger("attempt")).isEqualTo(2);
    assertThat(row.getString("error")).isNull();
    assertThat(fx.status(cluster)).isEqualTo("in_sync");
    final List<String> lines = fx.logLines(task);
    assertThat(lines).anyMatch(l -> l.startsWith("attempt 1 failed: simulated failure in phase install-dkp")
        && l.contains("retrying in"));
    // The second attempt resumed: phases the first got through are skipped.
    assertThat(lines).anyMatch(l -> l.contains("Bootstrap master: already done, skipped"));
  }

  @Test
  void aPermanentFailureFailsTheCreationWithItsCause() {
    final UUID cluster = fx.cluster("new", new JsonObject().put(SimulatedProvisioner.FAILURE, "bootstrap-master"),
        false, "auto");
    final UUID task = fx.enqueue(cluster, TaskKind.INSTALL);
    fx.start(QueueFixture.settings(), simulated());

    waitUntil(() -> fx.state(task).equals("failed"));

    assertThat(fx.task(task).getInteger("attempt")).isEqualTo(1);
    assertThat(fx.task(task).getString("error")).isEqualTo(
        "simulated failure in phase bootstrap-master: the configuration was refused: ClusterConfiguration.spec is invalid");
    assertThat(fx.status(cluster)).isEqualTo("creation_failed");
  }

  @Test
  void aClusterWithoutItsProvisionerFailsItsTaskSayingSo() {
    final UUID cluster = fx.cluster("dhctl", "new", new JsonObject(), false, "auto");
    final UUID task = fx.enqueue(cluster, TaskKind.INSTALL);
    fx.start(QueueFixture.settings(), simulated());

    waitUntil(() -> fx.state(task).equals("failed"));

    assertThat(fx.task(task).getString("error"))
        .isEqualTo("no provisioner named 'dhctl' is available in this Commander (available: simulated)");
    assertThat(fx.status(cluster)).isEqualTo("new");
  }

  @Test
  void driftFoundByACheckQueuesAChangeInAutoModeOnly() {
    final JsonObject drifting = new JsonObject().put(SimulatedProvisioner.DRIFT, "ModuleConfig/user-authn changed");
    final UUID auto = fx.cluster("in_sync", drifting, true, "auto");
    final UUID manual = fx.cluster("in_sync", drifting, true, "manual");
    final UUID autoCheck = fx.enqueue(auto, TaskKind.CHECK);
    final UUID manualCheck = fx.enqueue(manual, TaskKind.CHECK);
    fx.start(QueueFixture.settings(), simulated());

    waitUntil(() -> fx.state(manualCheck).equals("succeeded") && fx.state(autoCheck).equals("succeeded"));
    assertThat(fx.task(autoCheck).getJsonObject("result")).isEqualTo(new JsonObject().put("drifted", true)
        .put("differences", new JsonArray().add("ModuleConfig/user-authn changed")));
    final Row manualRow = fx.cluster(manual);
    assertThat(manualRow.getBoolean("out_of_sync")).isTrue();
    assertThat(manualRow.getJsonArray("drift")).containsExactly("ModuleConfig/user-authn changed");
    assertThat(manualRow.getOffsetDateTime("last_checked_at")).isNotNull();
    assertThat(fx.count("SELECT count(*) FROM tasks WHERE cluster_id = '" + manual + "'")).isEqualTo(1);

    waitUntil(() -> fx.count("SELECT count(*) FROM tasks WHERE kind = 'change' AND state = 'succeeded' "
        + "AND created_by = 'drift-check' AND cluster_id = '" + auto + "'") == 1);
    final Row autoRow = fx.cluster(auto);
    assertThat(autoRow.getString("status")).isEqualTo("in_sync");
    assertThat(autoRow.getBoolean("out_of_sync")).isFalse();
    assertThat(manualRow.getString("status")).isEqualTo("in_sync");
  }

  @Test
  void aDestructiveChangeWaitsForItsApprovalAndADeleteArchivesTheClusterAndFreesItsRecords() {
    final UUID cluster = fx.cluster("in_sync", new JsonObject().put(SimulatedProvisioner.APPLIED_MASTERS, "5"), true,
        "auto");
    final UUID catalog = fx.pool.query("INSERT INTO catalogs (workspace_id, name, slug, usage) SELECT workspace_id, "
        + "'ips', 'ips', 'exclusive' FROM clusters WHERE id = '" + cluster + "' RETURNING id").execute().await()
        .iterator().next().getUUID("id");
    fx.pool.preparedQuery("INSERT INTO records (catalog_id, cluster_id) VALUES ($1, $2)")
        .execute(Tuple.of(catalog, cluster)).await();
    fx.start(QueueFixture.settings(), simulated());

    final UUID change = fx.enqueue(cluster, TaskKind.CHANGE);
    waitUntil(() -> fx.state(change).equals("succeeded"));
    assertThat(fx.task(change).getJsonObject("result").getJsonObject("plan").getJsonArray("destructive"))
        .containsExactly("delete master node " + fx.cluster(cluster).getString("name") + "-master-4",
            "delete master node " + fx.cluster(cluster).getString("name") + "-master-3");
    assertThat(fx.task(change).getJsonObject("result").getBoolean("awaiting_approval")).isTrue();
    assertThat(fx.cluster(cluster).getString("status")).as("waits, nothing applied").isEqualTo("changing");
    final Row request = fx.pool.preparedQuery("SELECT id, status, change_set_sha256 FROM cluster_change_requests "
        + "WHERE cluster_id = $1").execute(Tuple.of(cluster)).await().iterator().next();
    assertThat(request.getString("status")).isEqualTo("pending");
    assertThat(request.getString("change_set_sha256")).isEqualTo(io.commander.server.clusters.ChangeRequestStore
        .sha256(java.util.List.of("delete master node " + fx.cluster(cluster).getString("name") + "-master-4",
            "delete master node " + fx.cluster(cluster).getString("name") + "-master-3")));

    fx.pool.preparedQuery("UPDATE cluster_change_requests SET status = 'approved', approved_at = now() WHERE id = $1")
        .execute(Tuple.of(request.getUUID("id"))).await();
    final UUID approved = fx.enqueue(cluster, TaskKind.CHANGE);
    waitUntil(() -> fx.state(approved).equals("succeeded"));
    assertThat(fx.task(approved).getJsonObject("result").containsKey("awaiting_approval")).isFalse();
    assertThat(fx.cluster(cluster).getString("status")).isEqualTo("in_sync");
    assertThat(fx.pool.preparedQuery("SELECT status FROM cluster_change_requests WHERE id = $1")
        .execute(Tuple.of(request.getUUID("id"))).await().iterator().next().getString("status")).isEqualTo("completed");

    final UUID delete = fx.enqueue(cluster, TaskKind.DELETE);
    waitUntil(() -> fx.state(delete).equals("succeeded"));
    final Row row = fx.cluster(cluster);
    assertThat(row.getString("status")).isEqualTo("deleted");
    assertThat(row.getOffsetDateTime("archived_at")).isNotNull();
    assertThat(fx.count("SELECT count(*) FROM records WHERE cluster_id IS NOT NULL")).isZero();
  }

  @Test
  void anOrderlyStopGivesRunningTasksBackToTheQueue() {
    stopDuringAnInstall(new TestProvisioners.Blocking(), task -> {
      assertThat(fx.state(task)).isEqualTo("pending");
      assertThat(fx.task(task).getString("error")).isEqualTo("attempt 1 stopped: the cluster manager is stopping");
      assertThat(fx.logLines(task)).last()
          .isEqualTo("attempt 1 stopped: the cluster manager is stopping; back in the queue");
    });
  }

  @Test
  void aTaskThatIgnoresTheStopIsGivenBackAnyway() {
    final TestProvisioners.Blocking hung = new TestProvisioners.Blocking(false);
    stopDuringAnInstall(hung, task -> {
      final Row row = fx.task(task);
      assertThat(row.getString("state")).isEqualTo("pending");
      assertThat(row.getString("lease_owner")).isNull();
      assertThat(row.getString("error")).as("released, not stopped by its runner").isNull();
      hung.release.countDown();
    });
  }

  /**
   * Stops an instance while {@code blocking} runs an install, checks the task with {@code afterStop},
   * then has another instance run it to the end, as its second attempt.
   */
  private void stopDuringAnInstall(final TestProvisioners.Blocking blocking, final Consumer<UUID> afterStop) {
    final QueueFixture.Instance stopping = fx.start(settings(4, 30, Duration.ofSeconds(1)), Provisioners.of(blocking));
    final UUID cluster = fx.cluster("new", new JsonObject(), false, "auto");
    final UUID task = fx.enqueue(cluster, TaskKind.INSTALL);
    await(blocking);

    stopping.stop();
    afterStop.accept(task);
    fx.start(QueueFixture.settings(), simulated());

    waitUntil(() -> fx.state(task).equals("succeeded"));
    assertThat(fx.task(task).getInteger("attempt")).isEqualTo(2);
    assertThat(fx.status(cluster)).isEqualTo("in_sync");
  }

  @Test
  void theDriftSchedulerRunsOnOneInstanceOnly() {
    final UUID due = fx.cluster("in_sync", new JsonObject(), true, "auto");
    final UUID notCreated = fx.cluster("new", new JsonObject(), false, "auto");
    final UUID recent = fx.cluster("in_sync", new JsonObject(), true, "auto");
    fx.pool.query("UPDATE clusters SET last_checked_at = now() WHERE id = '" + recent + "'").execute().await();
    final DriftScheduler scheduler = new DriftScheduler(3);
    final var first = io.vertx.pgclient.PgConnection.connect(fx.vertx, fx.connectOptions()).await();
    final var second = io.vertx.pgclient.PgConnection.connect(fx.vertx, fx.connectOptions()).await();

    assertThat(scheduler.tryLead(first).await()).isTrue();
    assertThat(scheduler.tryLead(second).await()).isFalse();
    assertThat(scheduler.queueDueChecks(fx.pool).await()).isGreaterThanOrEqualTo(1);
    assertThat(scheduler.queueDueChecks(fx.pool).await()).isZero();
    assertThat(fx.count("SELECT count(*) FROM tasks WHERE kind = 'check' AND cluster_id = '" + due + "'")).isEqualTo(1);
    assertThat(fx.count("SELECT count(*) FROM tasks WHERE cluster_id IN ('" + notCreated + "', '" + recent + "')"))
        .isZero();

    first.close().await();
    waitUntil(() -> scheduler.tryLead(second).await());
    second.close().await();
  }

  @Test
  void twoInstancesQueueEachDueCheckOnce() {
    final UUID due = fx.cluster("in_sync", new JsonObject(), true, "auto");
    final CommanderConfig.ClusterManager withDrift = new CommanderConfig.ClusterManager(4, Duration.ofSeconds(30),
        Duration.ofSeconds(1), 3, Duration.ofSeconds(1), Duration.ofSeconds(1), 30, Duration.ofSeconds(1),
        Duration.ofMinutes(5), "commander-agent:test", "", "dhctl");
    final TestProvisioners.Counting counting = new TestProvisioners.Counting(new SimulatedProvisioner(Duration.ZERO, ""));
    fx.start(withDrift, Provisioners.of(counting));
    fx.start(withDrift, Provisioners.of(counting));

    waitUntil(() -> fx.count("SELECT count(*) FROM tasks WHERE kind = 'check' AND state = 'succeeded' AND cluster_id = '"
        + due + "'") >= 1);
    // Checked just now: not due again for check_interval_seconds, whichever instance leads.
    assertThat(fx.count("SELECT count(*) FROM tasks WHERE kind = 'check' AND cluster_id = '" + due + "'")).isEqualTo(1);
    assertThat(fx.cluster(due).getOffsetDateTime("last_checked_at")).isNotNull();
  }

  @Test
  void finishedTasksPastTheirRetentionArePurged() {
    final UUID cluster = fx.cluster("new", new JsonObject(), false, "auto");
    final UUID old = fx.enqueue(cluster, TaskKind.INSTALL);
    fx.pool.query("UPDATE tasks SET state = 'failed', finished_at = now() - interval '31 days' WHERE id = '" + old + "'")
        .execute().await();
    final QueueFixture.Instance instance = fx.start(QueueFixture.settings(), simulated());

    assertThat(instance.verticle().purgeTasks().await()).isEqualTo(1);
    assertThat(fx.count("SELECT count(*) FROM tasks WHERE id = '" + old + "'")).isZero();
  }

  private void requestCancel(final UUID task) {
    fx.pool.preparedQuery("UPDATE tasks SET cancel_requested = true WHERE id = $1").execute(Tuple.of(task)).await();
    fx.pool.preparedQuery("SELECT pg_notify('" + TaskEnqueuer.CHANNEL + "', $1)").execute(Tuple.of(task.toString()))
        .await();
  }

  private static void await(final TestProvisioners.Blocking blocking) {
    try {
      assertThat(blocking.started.await(30, TimeUnit.SECONDS)).as("the provisioner was called").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void anAttachedClusterJoinsWithTheAgentsSettingsItsTokenNeverReachesTheLogAndDetachArchivesIt() {
    final java.util.concurrent.atomic.AtomicReference<io.commander.server.provisioners.Job> seen =
        new java.util.concurrent.atomic.AtomicReference<>();
    final io.commander.server.provisioners.Provisioner capturing = new io.commander.server.provisioners.Provisioner() {
      @Override
      public String name() {
        return "kubeconfig";
      }

      @Override
      public io.commander.server.provisioners.Plan plan(final io.commander.server.provisioners.Job job) {
        return new io.commander.server.provisioners.Plan(java.util.List.of(), java.util.List.of());
      }

      @Override
      public void apply(final io.commander.server.provisioners.Job job) {
        seen.set(job);
        job.log().info("installing the agent with token " + job.agent().orElseThrow().token());
      }

      @Override
      public io.commander.server.provisioners.Drift check(final io.commander.server.provisioners.Job job) {
        return new io.commander.server.provisioners.Drift(java.util.List.of());
      }

      @Override
      public void destroy(final io.commander.server.provisioners.Job job) {
      }
    };
    final UUID cluster = fx.cluster("kubeconfig", "ready_to_join", new JsonObject(), false, "auto");
    fx.pool.preparedQuery("UPDATE clusters SET agent_token_encrypted = $2 WHERE id = $1").execute(Tuple.of(cluster,
        fx.keys.encrypt(io.commander.server.crypto.EncryptedColumn.CLUSTER_AGENT_TOKEN.context(), "cmdr_agent-secret")))
        .await();
    fx.start(QueueFixture.settings(), Provisioners.of(capturing), v -> { },
        java.util.Optional.of(new TaskRunner.AgentSettings("https://commander.example.com/", "agent:1", "")));

    final UUID install = fx.enqueue(cluster, TaskKind.ATTACH);
    waitUntil(() -> fx.state(install).equals("succeeded"));
    assertThat(fx.cluster(cluster).getString("status")).isEqualTo("in_sync");
    assertThat(seen.get().created()).as("attach, not converge").isFalse();
    final io.commander.server.provisioners.Job.AgentInstall agent = seen.get().agent().orElseThrow();
    assertThat(agent.commanderId()).isEqualTo(fx.pool.query("SELECT id FROM installation").execute().await()
        .iterator().next().getUUID("id"));
    assertThat(agent.serverUrl()).isEqualTo("https://commander.example.com/agent_api/" + cluster);
    assertThat(agent.token()).isEqualTo("cmdr_agent-secret");
    assertThat(agent.image()).isEqualTo("agent:1");
    assertThat(seen.get().secrets()).doesNotContainKey("agent_token");
    assertThat(String.join("\n", fx.logLines(install))).contains("installing the agent with token")
        .doesNotContain("cmdr_agent-secret");

    final UUID detach = fx.enqueue(cluster, TaskKind.DETACH);
    waitUntil(() -> fx.state(detach).equals("succeeded"));
    assertThat(fx.cluster(cluster).getString("status")).isEqualTo("deleted");
    assertThat(fx.cluster(cluster).getOffsetDateTime("archived_at")).isNotNull();
  }
}
