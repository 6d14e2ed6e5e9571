package io.commander.server.roles;

import io.commander.core.config.Role;
import io.commander.core.verticle.RoleVerticle;
import io.commander.server.audit.AuditLog;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API role's own background work: the daily purge of audit records past their retention.
 * Its routes are served by the process's HTTP server.
 */
public final class ApiVerticle extends RoleVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);
  private static final Duration PURGE_EVERY = Duration.ofDays(1);

  private final AuditLog audit;
  private final int retentionDays;
  private final Clock clock;

  public ApiVerticle(final AuditLog audit, final int retentionDays, final Clock clock) {
    super(Role.API);
    this.audit = audit;
    this.retentionDays = retentionDays;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    if (retentionDays > 0) {
      // First run soon after start, then daily; a missed day is caught up by the next run.
      vertx.setTimer(Duration.ofMinutes(1).toMillis(), t -> purgeAudit());
      vertx.setPeriodic(PURGE_EVERY.toMillis(), t -> purgeAudit());
    }
    return super.start();
  }

  /** Deletes audit records older than the retention. */
  public Future<Integer> purgeAudit() {
    final OffsetDateTime cutoff = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).minusDays(retentionDays);
    return audit.purgeOlderThan(cutoff)
        .onSuccess(n -> LOG.info("audit records purged [older than: {}, deleted: {}]", cutoff, n))
        .onFailure(e -> LOG.warn("audit purge failed: {}", e.getMessage()));
  }
}
