package io.commander.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The queue's statements on the real database: claim, renew, finish, retry, expiry, cancel, logs, purge. */
@ExtendWith(PostgresExtension.class)
@Timeout(60)
class TaskStoreTest {

  private static final Duration LEASE = Duration.ofSeconds(30);

  private final TaskStore store = new TaskStore();
  private QueueFixture fx;

  @BeforeEach
  void setUp(final TestDatabase db, @TempDir final Path state) {
    fx = new QueueFixture(db, state);
    // Each test starts from an empty queue.
    fx.pool.query("DELETE FROM tasks").execute().await();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private UUID pendingTask() {
    return fx.enqueue(fx.cluster("new", new JsonObject(), false, "auto"), TaskKind.INSTALL);
  }

  @Test
  void claimsTheOldestDueTasksOnceEach() {
    final UUID first = pendingTask();
    final UUID second = pendingTask();
    final UUID notDue = pendingTask();
    fx.pool.preparedQuery("UPDATE tasks SET run_after = now() + interval '1 hour' WHERE id = $1")
        .execute(Tuple.of(notDue)).await();

    final List<TaskStore.Claimed> a = store.claim(fx.pool, "a", LEASE, 1).await();
    final List<TaskStore.Claimed> b = store.claim(fx.pool, "b", LEASE, 10).await();

    assertThat(a).extracting(TaskStore.Claimed::id).containsExactly(first);
    assertThat(b).extracting(TaskStore.Claimed::id).containsExactly(second);
    assertThat(a.get(0).attempt()).isEqualTo(1);
    final Row row = fx.task(first);
    assertThat(row.getString("state")).isEqualTo("running");
    assertThat(row.getString("lease_owner")).isEqualTo("a");
    assertThat(row.getOffsetDateTime("lease_expires_at")).isAfter(OffsetDateTime.now().plusSeconds(20));
    assertThat(row.getOffsetDateTime("started_at")).isNotNull();
    assertThat(store.claim(fx.pool, "c", LEASE, 10).await()).isEmpty();
  }

  @Test
  void finishingIsFencedByTheLease() {
    final UUID id = pendingTask();
    store.claim(fx.pool, "a", LEASE, 1).await();

    assertThat(store.finish(fx.pool, id, "b", TaskStore.Outcome.SUCCEEDED, null, null).await()).isFalse();
    assertThat(store.finish(fx.pool, id, "a", TaskStore.Outcome.FAILED, "dhctl failed: quota exceeded",
        new JsonObject().put("k", 1)).await()).isTrue();

    final Row row = fx.task(id);
    assertThat(row.getString("state")).isEqualTo("failed");
    assertThat(row.getString("error")).isEqualTo("dhctl failed: quota exceeded");
    assertThat(row.getJsonObject("result")).isEqualTo(new JsonObject().put("k", 1));
    assertThat(row.getOffsetDateTime("finished_at")).isNotNull();
    assertThat(row.getString("lease_owner")).isNull();
  }

  @Test
  void aRetryWaitsForItsBackoff() {
    final UUID id = pendingTask();
    store.claim(fx.pool, "a", LEASE, 1).await();

    assertThat(store.retryLater(fx.pool, id, "a", Duration.ofMinutes(5), "connection refused").await()).isTrue();

    final Row row = fx.task(id);
    assertThat(row.getString("state")).isEqualTo("pending");
    assertThat(row.getString("error")).isEqualTo("connection refused");
    assertThat(row.getOffsetDateTime("run_after")).isAfter(OffsetDateTime.now().plusMinutes(4));
    assertThat(store.claim(fx.pool, "b", LEASE, 10).await()).isEmpty();
    fx.pool.preparedQuery("UPDATE tasks SET run_after = now() WHERE id = $1").execute(Tuple.of(id)).await();
    assertThat(store.claim(fx.pool, "b", LEASE, 10).await()).singleElement()
        .satisfies(t -> assertThat(t.attempt()).isEqualTo(2));
  }

  @Test
  void backoffDoublesWithJitterAndIsBounded() {
    final Backoff backoff = new Backoff(Duration.ofSeconds(10));
    for (int i = 0; i < 20; i++) {
      assertThat(backoff.after(1)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
      assertThat(backoff.after(3)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(40));
      assertThat(backoff.after(30)).isBetween(Backoff.MAX.dividedBy(2), Backoff.MAX);
    }
  }

  @Test
  void expiredLeasesGoBackToTheQueueOrAreLost() {
    final UUID again = pendingTask();
    final UUID exhausted = pendingTask();
    final UUID alive = pendingTask();
    fx.pool.preparedQuery("UPDATE tasks SET max_attempts = 1 WHERE id = $1").execute(Tuple.of(exhausted)).await();
    store.claim(fx.pool, "dead", Duration.ofMillis(1), 2).await();
    store.claim(fx.pool, "alive", LEASE, 1).await();
    QueueFixture.waitUntil(() -> fx.count("SELECT count(*) FROM tasks WHERE lease_expires_at < now()") == 2);

    final List<TaskStore.Recovered> recovered = store.recoverExpired(fx.pool).await();

    assertThat(recovered).extracting(TaskStore.Recovered::id).containsExactlyInAnyOrder(again, exhausted);
    assertThat(fx.state(again)).isEqualTo("pending");
    assertThat(fx.task(again).getString("error")).contains("dead").contains("stopped renewing its lease");
    assertThat(fx.state(exhausted)).isEqualTo("lost");
    assertThat(fx.task(exhausted).getOffsetDateTime("finished_at")).isNotNull();
    assertThat(fx.state(alive)).isEqualTo("running");
  }

  @Test
  void renewalExtendsEveryLeaseOfTheOwnerAndReportsCancelRequests() {
    final UUID a = pendingTask();
    final UUID b = pendingTask();
    final UUID other = pendingTask();
    store.claim(fx.pool, "me", Duration.ofSeconds(5), 2).await();
    store.claim(fx.pool, "other", Duration.ofSeconds(5), 1).await();
    fx.pool.preparedQuery("UPDATE tasks SET cancel_requested = true WHERE id = $1").execute(Tuple.of(b)).await();

    final List<TaskStore.Renewed> renewed = store.renew(fx.pool, "me", LEASE).await();

    assertThat(renewed).containsExactlyInAnyOrder(new TaskStore.Renewed(a, false), new TaskStore.Renewed(b, true));
    assertThat(fx.task(a).getOffsetDateTime("lease_expires_at")).isAfter(OffsetDateTime.now().plusSeconds(20));
    assertThat(fx.task(other).getOffsetDateTime("lease_expires_at")).isBefore(OffsetDateTime.now().plusSeconds(6));
    assertThat(store.cancelRequested(fx.pool, b, "me").await()).isTrue();
    assertThat(store.cancelRequested(fx.pool, a, "me").await()).isFalse();
  }

  @Test
  void pendingTasksAskedToCancelAreCanceledAndReleasedOnesArePendingAgain() {
    final UUID canceled = pendingTask();
    final UUID running = pendingTask();
    fx.pool.preparedQuery("UPDATE tasks SET cancel_requested = true, run_after = now() + interval '1 hour' "
        + "WHERE id = $1").execute(Tuple.of(canceled)).await();
    store.claim(fx.pool, "me", LEASE, 10).await();

    assertThat(store.cancelPending(fx.pool).await()).isEqualTo(1);
    assertThat(store.release(fx.pool, "me").await()).isEqualTo(1);

    assertThat(fx.state(canceled)).isEqualTo("canceled");
    assertThat(fx.task(canceled).getString("error")).isEqualTo("canceled before it started");
    assertThat(fx.state(running)).isEqualTo("pending");
    assertThat(fx.task(running).getString("lease_owner")).isNull();
  }

  @Test
  void logLinesContinueTheirNumberingAndArePurgedWithTheirTask() {
    final UUID id = pendingTask();
    final OffsetDateTime now = OffsetDateTime.now();
    store.appendLogs(fx.pool, id, List.of(new TaskStore.LogLine(0, now, "system", "one"),
        new TaskStore.LogLine(1, now, "stdout", "two"))).await();
    assertThat(store.nextLogSeq(fx.pool, id).await()).isEqualTo(2);
    assertThat(store.nextLogSeq(fx.pool, UUID.randomUUID()).await()).isZero();

    final UUID recent = pendingTask();
    fx.pool.query("UPDATE tasks SET state = 'succeeded', finished_at = now() - interval '40 days' WHERE id = '" + id
        + "'").execute().await();
    fx.pool.query("UPDATE tasks SET state = 'succeeded', finished_at = now() - interval '1 day' WHERE id = '" + recent
        + "'").execute().await();

    assertThat(store.purgeFinishedBefore(fx.pool, OffsetDateTime.now().minusDays(30)).await()).isEqualTo(1);
    final Set<UUID> left = fx.pool.query("SELECT id FROM tasks").execute().await().stream()
        .map(r -> r.getUUID("id")).collect(Collectors.toSet());
    assertThat(left).containsExactly(recent);
    assertThat(fx.count("SELECT count(*) FROM task_logs")).isZero();
  }
}
