package io.commander.server.tasks;

import static org.awaitility.Awaitility.await;

import io.commander.core.config.CommanderConfig;
import io.commander.core.config.ConfigLoader;
import io.commander.server.crypto.EncryptedColumn;
import io.commander.server.crypto.Keys;
import io.commander.server.provisioners.Provisioners;
import io.commander.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The test database seen by queue tests: clusters, revisions and tasks inserted with SQL (as the
 * clusters API does), and cluster-manager instances each on a Vert.x of its own, as separate
 * processes would be.
 */
final class QueueFixture implements AutoCloseable {

  static final String SSH_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUtest-secret\n"
      + "-----END OPENSSH PRIVATE KEY-----";
  static final String RENDERED_CONFIG = """
      apiVersion: deckhouse.io/v1
      kind: ClusterConfiguration
      clusterType: Cloud
      ---
      apiVersion: deckhouse.io/v1
      kind: YandexClusterConfiguration
      masterNodeGroup:
        instanceClass:
          cores: 4
        replicas: 3
      """;

  private final TestDatabase db;
  final Vertx vertx = Vertx.vertx();
  final Pool pool;
  final Keys keys;
  private final UUID workspaceId;
  private final List<Vertx> instances = new ArrayList<>();

  QueueFixture(final TestDatabase db, final Path stateDir) {
    this.db = db;
    this.pool = pool(vertx, 8);
    final CommanderConfig config = ConfigLoader.load(Map.of("COMMANDER_STATE_DIR", stateDir.toString()),
        Optional.empty());
    this.keys = Keys.load(vertx, config, Map.of());
    this.workspaceId = pool.query("INSERT INTO workspaces (name, slug) VALUES ('w', 'w-" + UUID.randomUUID()
        .toString().substring(0, 8) + "') RETURNING id").execute().await().iterator().next().getUUID("id");
  }

  Pool pool(final Vertx on, final int size) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(connectOptions()).using(on).build();
  }

  PgConnectOptions connectOptions() {
    return new PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(db.name()).setUser(db.user())
        .setPassword(db.password());
  }

  static CommanderConfig.ClusterManager settings() {
    return new CommanderConfig.ClusterManager(8, Duration.ofSeconds(30), Duration.ofSeconds(1), 3,
        Duration.ofSeconds(1), Duration.ofSeconds(5), 30, Duration.ZERO, Duration.ofMinutes(5), "commander-agent:test",
        "", "dhctl");
  }

  /** A cluster-manager instance on a Vert.x of its own; closed with the fixture unless closed before. */
  Instance start(final CommanderConfig.ClusterManager settings, final Provisioners provisioners) {
    return start(settings, provisioners, v -> { });
  }

  /** The same, with {@code before} run on its Vert.x before the instance is deployed (to subscribe to logs). */
  Instance start(final CommanderConfig.ClusterManager settings, final Provisioners provisioners,
                 final java.util.function.Consumer<Vertx> before) {
    return start(settings, provisioners, before, java.util.Optional.empty());
  }

  /** The same, for a manager that knows where agents reach Commander. */
  Instance start(final CommanderConfig.ClusterManager settings, final Provisioners provisioners,
                 final java.util.function.Consumer<Vertx> before,
                 final java.util.Optional<TaskRunner.AgentSettings> agent) {
    final Vertx own = Vertx.vertx();
    instances.add(own);
    before.accept(own);
    final Pool ownPool = pool(own, 8);
    final ClusterManagerVerticle verticle = new ClusterManagerVerticle(settings, ownPool, connectOptions(),
        provisioners, keys, Clock.systemUTC(), ClusterManagerVerticle.newInstanceId(), agent);
    final String deployment = own.deployVerticle(verticle).await();
    return new Instance(own, ownPool, verticle, deployment);
  }

  /** A running instance. */
  record Instance(Vertx vertx, Pool pool, ClusterManagerVerticle verticle, String deployment) {

    /** An orderly stop: running tasks get the shutdown timeout, then go back to the queue. */
    void stop() {
      vertx.undeploy(deployment).await();
    }

    /** As if the process froze: no more renewals, nothing given back. */
    void freeze() {
      pool.close().await();
    }
  }

  /** A cluster with revision 1 rendered, an SSH key, in the given status. */
  UUID cluster(final String status, final JsonObject values, final boolean wasCreated, final String syncMode) {
    return cluster("simulated", status, values, wasCreated, syncMode);
  }

  UUID cluster(final String provisioner, final String status, final JsonObject values, final boolean wasCreated,
               final String syncMode) {
    final String name = "c-" + UUID.randomUUID().toString().substring(0, 8);
    final UUID id = pool.preparedQuery("""
            INSERT INTO clusters (workspace_id, name, provisioner, status, values, was_created, sync_mode,
                                  desired_revision, applied_revision, ssh_public_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, 'ssh-ed25519 AAAA') RETURNING id""")
        .execute(Tuple.of(workspaceId, name, provisioner, status, values, wasCreated, syncMode,
            wasCreated ? 1 : null))
        .await().iterator().next().getUUID("id");
    pool.preparedQuery("UPDATE clusters SET ssh_private_key_encrypted = $2 WHERE id = $1")
        .execute(Tuple.of(id, keys.encrypt(EncryptedColumn.CLUSTER_SSH_PRIVATE_KEY.context(), SSH_KEY))).await();
    pool.preparedQuery("INSERT INTO cluster_revisions (cluster_id, revision, values, rendered_encrypted) "
            + "VALUES ($1, 1, $2, $3)")
        .execute(Tuple.of(id, values, keys.encrypt(EncryptedColumn.CLUSTER_REVISION_RENDERED.context(),
            new JsonObject().put("kubernetes", RENDERED_CONFIG)
                .put("primary_resources", "apiVersion: v1\nkind: Namespace\n").encode()))).await();
    return id;
  }

  /** Queues a task as the API does: in a transaction, with a notification on commit. */
  UUID enqueue(final UUID clusterId, final TaskKind kind) {
    return pool.withTransaction(tx -> new TaskEnqueuer(3).enqueue(tx, clusterId, kind, 1, "test")).await();
  }

  Row task(final UUID taskId) {
    return pool.preparedQuery("SELECT * FROM tasks WHERE id = $1").execute(Tuple.of(taskId)).await().iterator().next();
  }

  Row cluster(final UUID clusterId) {
    return pool.preparedQuery("SELECT * FROM clusters WHERE id = $1").execute(Tuple.of(clusterId)).await().iterator()
        .next();
  }

  String state(final UUID taskId) {
    return task(taskId).getString("state");
  }

  String status(final UUID clusterId) {
    return cluster(clusterId).getString("status");
  }

  List<String> logLines(final UUID taskId) {
    final List<String> lines = new ArrayList<>();
    pool.preparedQuery("SELECT line FROM task_logs WHERE task_id = $1 ORDER BY seq").execute(Tuple.of(taskId)).await()
        .forEach(row -> lines.add(row.getString("line")));
    return lines;
  }

  long count(final String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  static void waitUntil(final BooleanSupplier condition) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
  }

  @Override
  public void close() {
    for (Vertx instance : instances) {
      instance.close().await();
    }
    pool.close().await();
    vertx.close().await();
  }
}
