package io.commander.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.core.config.CommanderConfig;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The outbox table itself: rows follow their transaction, keep their order, and published ones are purged. */
@ExtendWith(PostgresExtension.class)
@Timeout(60)
class OutboxStoreTest {

  private final Vertx vertx = Vertx.vertx();
  private Pool pool;
  private PgConnectOptions options;

  @BeforeEach
  void connect(final TestDatabase db) {
    options = new PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(db.name()).setUser(db.user())
        .setPassword(db.password());
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(options).using(vertx).build();
    pool.query("DELETE FROM outbox_events; DELETE FROM commands").execute().await();
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private long count(final String where) {
    return pool.query("SELECT count(*) FROM outbox_events WHERE " + where).execute().await().iterator().next()
        .getLong(0);
  }

  private static Outbox.Event event(final int n) {
    final UUID id = UUID.randomUUID();
    return Outbox.Event.of(EventType.TEMPLATE_VERSION_CREATED, id, null, new JsonObject().put("n", n));
  }

  @Test
  void anEventIsCommittedWithItsTransactionOrNotAtAll() {
    final Future<Void> failed = pool.withTransaction(tx -> Outbox.add(tx, event(1))
        .compose(v -> Future.failedFuture(new IllegalStateException("the change failed"))));
    assertThat(failed.toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(10));
    assertThat(count("true")).isZero();

    pool.withTransaction(tx -> Outbox.add(tx, List.of(event(1), event(2), event(3)))).await();
    assertThat(pool.query("SELECT data->>'n' AS n FROM outbox_events ORDER BY sequence").execute().await())
        .extracting(row -> row.getString("n")).containsExactly("1", "2", "3");
    assertThat(count("published_at IS NULL AND attempts = 0")).isEqualTo(3);
  }

  @Test
  void publishedEventsOlderThanTheRetentionArePurgedAndNothingElse() {
    pool.withTransaction(tx -> Outbox.add(tx, List.of(event(1), event(2), event(3), event(4)))).await();
    pool.query("""
        UPDATE outbox_events SET created_at = now() - interval '100 hours',
               published_at = CASE data->>'n' WHEN '1' THEN now() - interval '99 hours'
                                              WHEN '2' THEN now() - interval '1 hour' END
        WHERE data->>'n' IN ('1', '2', '3')""").execute().await();
    final OutboxRelay relay = new OutboxRelay(vertx, pool, options, new CommanderConfig.Outbox("unused", 10,
        Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1), 72, "unused-commands",
        new CommanderConfig.Webhooks(1, Duration.ofMillis(100), Duration.ofSeconds(1), false)), "127.0.0.1:9", "purge",
        Clock.systemUTC());
    pool.query("""
        INSERT INTO commands (id, type, outcome, result, handled_at)
        VALUES ('old', 't', 'rejected', '{}', now() - interval '73 hours'), ('new', 't', 'rejected', '{}', now())""")
        .execute().await();
    assertThat(relay.purge().await()).isOne();
    assertThat(pool.query("SELECT data->>'n' AS n FROM outbox_events ORDER BY sequence").execute().await())
        .extracting(row -> row.getString("n")).containsExactly("2", "3", "4");
    assertThat(pool.query("SELECT id FROM commands").execute().await()).extracting(row -> row.getString("id"))
        .containsExactly("new");
  }
}
