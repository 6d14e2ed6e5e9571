package io.commander.server.crypto;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.commander.core.config.CommanderConfig;
import io.commander.core.config.ConfigLoader;
import io.commander.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Configuration, database and log helpers shared by the encryption tests. */
final class CryptoFixtures {

  private CryptoFixtures() {
  }

  /** A configuration whose state folder (and so default keys file) is {@code stateDir}. */
  static CommanderConfig config(final Path stateDir) {
    return ConfigLoader.load(Map.of("COMMANDER_STATE_DIR", stateDir.toString()), Optional.empty());
  }

  static Pool pool(final Vertx vertx, final TestDatabase db) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(4))
        .connectingTo(new PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(db.name())
            .setUser(db.user()).setPassword(db.password()))
        .using(vertx)
        .build();
  }

  /** Records what a logger logs from now on, until {@link CapturedLog#close()}. */
  static CapturedLog capture(final Class<?> type) {
    return new CapturedLog((Logger) LoggerFactory.getLogger(type));
  }

  static final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(final Logger logger) {
      this.logger = logger;
      appender.start();
      logger.addAppender(appender);
    }

    /** Formatted messages at the given level. */
    List<String> messages(final Level level) {
      return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
          .collect(Collectors.toList());
    }

    @Override
    public void close() {
      logger.detachAppender(appender);
    }
  }
}
