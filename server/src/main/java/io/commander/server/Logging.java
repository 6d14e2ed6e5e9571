package io.commander.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.commander.core.config.CommanderConfig;
import io.commander.server.audit.AuditLog;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up logging from the configuration: human-readable lines, or one JSON object per line for
 * log collectors. Libraries that log through java.util.logging (Liquibase) are routed here too.
 */
final class Logging {

  /** Libraries whose INFO chatter hides what matters. */
  private static final Map<String, Level> QUIET = Map.of(
      "org.apache.kafka", Level.WARN,
      "kafka", Level.WARN,
      "state.change.logger", Level.WARN,
      "org.apache.kafka.clients.NetworkClient", Level.ERROR,
      "io.zonky", Level.WARN,
      "liquibase", Level.WARN,
      "io.netty", Level.WARN,
      // Vert.x registers one untagged gauge per net client; Micrometer warns about the repeats.
      "io.micrometer.core.instrument.MeterRegistry", Level.ERROR);

  private Logging() {
  }

  static void configure(final CommanderConfig.Log log) {
    final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();

    final LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(context);
    propagator.setResetJUL(true);
    propagator.start();
    context.addListener(propagator);

    final ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setEncoder(encoder(context, log.json()));
    console.start();

    // Audit records are JSON already: one line each on stdout, whatever the log format.
    final ConsoleAppender<ILoggingEvent> auditOut = new ConsoleAppender<>();
    auditOut.setContext(context);
    auditOut.setName("audit");
    final PatternLayoutEncoder raw = new PatternLayoutEncoder();
    raw.setContext(context);
    raw.setPattern("%msg%n");
    raw.start();
    auditOut.setEncoder(raw);
    auditOut.start();
    final Logger audit = context.getLogger(AuditLog.LOGGER);
    audit.setAdditive(false);
    audit.setLevel(Level.INFO);
    audit.addAppender(auditOut);

    final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    context.getLogger("io.commander").setLevel(Level.toLevel(log.level(), Level.INFO));
    QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));

    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  private static Encoder<ILoggingEvent> encoder(final LoggerContext context, final boolean json) {
    if (json) {
      final LogstashEncoder encoder = new LogstashEncoder();
      encoder.setContext(context);
      encoder.start();
      return encoder;
    }
    final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %-28.28logger{0} %msg%n");
    encoder.start();
    return encoder;
  }
}
