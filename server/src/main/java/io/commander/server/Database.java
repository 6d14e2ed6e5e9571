package io.commander.server;

import io.commander.core.config.CommanderConfig;
import io.commander.server.db.Reused;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Builds the reactive pool, single connections and the JDBC URL (for Liquibase only) from the same settings. */
public final class Database {

  private Database() {
  }

  static Pool pool(final Vertx vertx, final CommanderConfig.Db db) {
    return PgBuilder.pool().with(poolOptions(db)).connectingTo(connectOptions(db)).using(vertx).build();
  }

  /**
   * The pool's settings. No timeout on waiting for a free connection (Vert.x's default is 30 s): in Vert.x
   * 5.0.10 that timer can fire on a request already answered and fail its promise a second time, an
   * {@code IllegalStateException: Promise already completed} raised from the timer, unhandled: when a
   * connection is handed to a waiting request ({@code SimpleConnectionPool.Recycle} does not mark the waiter
   * disposed, vert.x issue 6169; {@code SqlConnectionPool$1PoolRequest.onEnqueue} arms the timer when the
   * waiter's enqueue task runs, which can be after the hand-over), and after a failed connect in a query
   * through the pool ({@code SqlConnectionPool.execute} leaves its timer, vertx-sql-client issue 1706). A
   * request then waits for a connection as long as it takes; an unreachable server still fails it at once
   * (connection refused) or after the connect timeout.
   */
  static PoolOptions poolOptions(final CommanderConfig.Db db) {
    return new PoolOptions().setMaxSize(db.poolSize()).setName("commander-db").setShared(false)
        .setConnectionTimeout(0);
  }

  /** How to connect, for a connection of its own (LISTEN, advisory locks) beside the pool. */
  public static PgConnectOptions connectOptions(final CommanderConfig.Db db) {
    final SslMode sslMode = SslMode.of(db.sslMode());
    final PgConnectOptions connect = new PgConnectOptions()
        .setHost(db.host())
        .setPort(db.port())
        .setDatabase(db.name())
        .setUser(db.user())
        .setPassword(db.password())
        .setSslMode(sslMode)
        .setPipeliningLimit(256)
        // Only the statements marked reused: the others keep a plan made for their own parameters.
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(Reused.CACHE_SIZE)
        .setPreparedStatementCacheSqlFilter(Reused::isMarked);
    connect.getProperties().put("application_name", "commander");
    if (sslMode != SslMode.DISABLE) {
      // As libpq: allow/prefer/require encrypt without checking the certificate, verify-ca checks
      // the chain, verify-full also the host name.
      final boolean verify = sslMode == SslMode.VERIFY_CA || sslMode == SslMode.VERIFY_FULL;
      connect.setSslOptions(new ClientSSLOptions()
          .setTrustAll(!verify)
          .setHostnameVerificationAlgorithm(sslMode == SslMode.VERIFY_FULL ? "HTTPS" : ""));
    }
    return connect;
  }

  public static String jdbcUrl(final CommanderConfig.Db db) {
    return "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.name() + "?sslmode=" + db.sslMode();
  }
}
