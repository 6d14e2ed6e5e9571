package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.server.audit.AuditLog;
import io.commander.server.roles.ApiVerticle;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The daily job deletes audit records past their retention, and only those. */
@ExtendWith(PostgresExtension.class)
@Timeout(60)
class AuditRetentionTest {

  @Test
  void purgesRecordsOlderThanTheRetention(final TestDatabase db) {
    final Vertx vertx = Vertx.vertx();
    final Pool pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost(db.host()).setPort(db.port())
        .setDatabase(db.name()).setUser(db.user()).setPassword(db.password())).using(vertx).build();
    try {
      final String insert = "INSERT INTO audit_log (at, actor_type, actor_name, entity_type, action) "
          + "VALUES ($1, 'system', 'test', 'Workspace', 'create')";
      pool.preparedQuery(insert).execute(Tuple.of(java.time.OffsetDateTime.parse("2026-01-01T00:00:00Z"))).await();
      pool.preparedQuery(insert).execute(Tuple.of(java.time.OffsetDateTime.parse("2026-03-01T00:00:00Z"))).await();
      pool.preparedQuery(insert).execute(Tuple.of(java.time.OffsetDateTime.parse("2026-03-30T00:00:00Z"))).await();
      final Clock now = Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC);
      final ApiVerticle job = new ApiVerticle(new AuditLog(pool), 20, now);
      assertThat(job.purgeAudit().await()).isEqualTo(2);
      assertThat(pool.query("SELECT at FROM audit_log").execute().await().iterator().next()
          .getOffsetDateTime("at").toInstant()).isEqualTo(Instant.parse("2026-03-30T00:00:00Z"));
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }
}
