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
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(db.poolSize()).setName("commander-db").setShared(false))
        .connectingTo(connectOptions(db))
        .using(vertx)
        .build();
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
