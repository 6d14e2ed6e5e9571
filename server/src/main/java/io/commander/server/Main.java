package io.commander.server;

import io.commander.core.config.CommanderConfig;
import io.commander.core.config.ConfigException;
import io.commander.core.config.ConfigLoader;
import io.commander.devservices.EmbeddedPostgresServer;
import io.commander.devservices.EmbeddedServiceException;
import io.commander.server.backup.BackupException;
import io.commander.server.backup.Backups;
import io.commander.server.demo.DemoService;
import io.commander.server.crypto.KeyConfigurationException;
import io.commander.server.crypto.KeyRotationException;
import io.commander.migrations.Migrations;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commander's command line: {@code run} (the default) starts the configured roles and runs until
 * SIGTERM or Ctrl-C; {@code migrate} brings the schema up to date and exits. Problems with the
 * configuration or the start-up are reported as one line on stderr, with a non-zero exit code.
 */
public final class Main {

  /** Exit code for a bad command line or configuration. */
  public static final int EXIT_CONFIG = 2;
  /** Exit code for a failed start or migration. */
  public static final int EXIT_START = 1;

  private static final String USAGE = """
      usage: commander [run [--demo]|migrate|keys rotate|keys reencrypt|backup FILE|restore FILE --keys KEYS|
                        events tail [--from-beginning]|help] [--config FILE]
        run             start the roles named in the configuration (default); --demo: also make the demo
                        fleet (workspace demo: a template, a catalog, five simulated clusters) unless it exists
        migrate         bring the database schema up to date, then exit
        keys rotate     make a new primary encryption key and re-encrypt every value under it
        keys reencrypt  re-encrypt values still under an older key (safe to repeat)
        backup FILE     dump the database to FILE (pg_dump's custom format) and its keys to FILE.keys.json
        restore FILE --keys KEYS
                        load FILE into the configured database, which must be empty, and install KEYS
        events tail     print Commander's events (CloudEvents, one JSON per line) as they arrive on
                        outbox.topic; --from-beginning: every event the topic still holds first
      configuration: conf/commander.yaml defaults, a file from --config or COMMANDER_CONFIG,
      then COMMANDER_* environment variables (see README)""";

  private Main() {
  }

  public static void main(final String[] args) {
    final Outcome outcome = execute(args, System.getenv(), System.err);
    if (outcome.exitCode() != 0) {
      System.exit(outcome.exitCode());
    }
    outcome.commander().ifPresent(c -> Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "commander-shutdown")));
  }

  /** What a command produced: an exit code, and for {@code run} the running process. */
  public record Outcome(int exitCode, Optional<Commander> commander) {
  }

  /**
   * Runs a command.
   *
   * @param args command-line arguments
   * @param env the environment to read {@code COMMANDER_*} settings from
   * @param err where one-line errors go
   * @return the exit code, and the started process for {@code run}
   */
  public static Outcome execute(final String[] args, final Map<String, String> env, final PrintStream err) {
    final List<String> rest = new ArrayList<>(List.of(args));
    Optional<Path> configFile = Optional.empty();
    final int at = rest.indexOf("--config");
    if (at >= 0) {
      if (at + 1 >= rest.size()) {
        err.println("commander: --config needs a file name\n" + USAGE);
        return new Outcome(EXIT_CONFIG, Optional.empty());
      }
      configFile = Optional.of(Path.of(rest.get(at + 1)));
      rest.subList(at, at + 2).clear();
    }
    if (!rest.isEmpty() && (rest.get(0).equals("backup") || rest.get(0).equals("restore"))) {
      return backupOrRestore(rest, configFile, env, err);
    }
    final boolean demo = rest.remove("--demo");
    final String command = rest.isEmpty() ? "run" : String.join(" ", rest);
    if (demo && !command.equals("run")) {
      err.println("commander: --demo goes with run only\n" + USAGE);
      return new Outcome(EXIT_CONFIG, Optional.empty());
    }
    if (!List.of("run", "migrate", "keys rotate", "keys reencrypt", "events tail", "events tail --from-beginning",
        "help", "--help", "-h").contains(command)) {
      err.println("commander: unknown arguments " + rest + "\n" + USAGE);
      return new Outcome(EXIT_CONFIG, Optional.empty());
    }
    if (command.equals("help") || command.startsWith("-")) {
      err.println(USAGE);
      return new Outcome(0, Optional.empty());
    }

    final CommanderConfig config = configuration(env, configFile, err);
    if (config == null) {
      return new Outcome(EXIT_CONFIG, Optional.empty());
    }
    try {
      if (command.equals("migrate")) {
        withDatabase(config, db -> Migrations.migrate(Database.jdbcUrl(db), db.user(), db.password()));
        return new Outcome(0, Optional.empty());
      }
      if (command.startsWith("keys ")) {
        withDatabase(config, db -> KeysCommand.run(command.equals("keys rotate"), config, db, env, System.out));
        return new Outcome(0, Optional.empty());
      }
      if (command.startsWith("events tail")) {
        final String bootstrap = config.kafka().embedded() ? "127.0.0.1:" + config.kafka().embeddedPort()
            : config.kafka().bootstrap();
        io.commander.server.events.EventsTail.run(bootstrap, config.outbox().topic(),
            command.endsWith("--from-beginning"), 0, System.out);
        return new Outcome(0, Optional.empty());
      }
      final Commander commander = Commander.start(config, env);
      printWelcome(commander);
      if (demo) {
        makeDemo(commander);
      }
      return new Outcome(0, Optional.of(commander));
    } catch (StartupException | io.commander.migrations.MigrationException | KeyConfigurationException
             | KeyRotationException e) {
      LoggerFactory.getLogger(Main.class).error("commander cannot start: {}", e.getMessage());
      err.println("commander: cannot start: " + e.getMessage());
      return new Outcome(EXIT_START, Optional.empty());
    }
  }

  /** {@code backup FILE} and {@code restore FILE --keys KEYS}. */
  private static Outcome backupOrRestore(final List<String> rest, final Optional<Path> configFile,
                                         final Map<String, String> env, final PrintStream err) {
    final boolean backup = rest.get(0).equals("backup");
    final List<String> args = new ArrayList<>(rest.subList(1, rest.size()));
    Optional<Path> keys = Optional.empty();
    final int at = args.indexOf("--keys");
    if (!backup && at >= 0 && at + 1 < args.size()) {
      keys = Optional.of(Path.of(args.get(at + 1)));
      args.subList(at, at + 2).clear();
    }
    if (args.size() != 1 || args.get(0).startsWith("-") || (!backup && keys.isEmpty())) {
      err.println("commander: " + (backup ? "backup needs one FILE: commander backup FILE"
          : "restore needs a FILE and its keys: commander restore FILE --keys FILE.keys.json") + "\n" + USAGE);
      return new Outcome(EXIT_CONFIG, Optional.empty());
    }
    final Path file = Path.of(args.get(0));
    final CommanderConfig config = configuration(env, configFile, err);
    if (config == null) {
      return new Outcome(EXIT_CONFIG, Optional.empty());
    }
    final Path keysFile = keys.orElse(null);
    try {
      if (backup) {
        if (config.db().mode() == CommanderConfig.DbMode.EMBEDDED
            && EmbeddedPostgresServer.portFree(config.db().embeddedPort())
            && !java.nio.file.Files.isDirectory(config.stateDir().resolve("postgres"))) {
          throw new BackupException("there is no embedded database in " + config.stateDir().toAbsolutePath()
              + " (state-dir): nothing to back up");
        }
        withDatabase(config, db -> Backups.backup(config, db, env, file, System.out));
      } else {
        withDatabase(config, db -> Backups.restore(config, db, env, file, keysFile, System.out));
      }
      return new Outcome(0, Optional.empty());
    } catch (BackupException e) {
      err.println("commander: " + (backup ? "backup" : "restore") + " failed: " + e.getMessage());
      return new Outcome(e.exitCode(), Optional.empty());
    } catch (StartupException | KeyConfigurationException e) {
      err.println("commander: " + (backup ? "backup" : "restore") + " failed: " + e.getMessage());
      return new Outcome(EXIT_START, Optional.empty());
    }
  }

  /** The configuration, logging set up from it; null, with the reason printed, when it is not valid. */
  private static CommanderConfig configuration(final Map<String, String> env, final Optional<Path> configFile,
                                               final PrintStream err) {
    try {
      final CommanderConfig config = ConfigLoader.load(env, configFile);
      Logging.configure(config.log());
      return config;
    } catch (ConfigException e) {
      err.println("commander: configuration error: " + e.getMessage());
      return null;
    }
  }

  /**
   * Runs a one-off command against the configured database. In embedded mode the embedded server
   * is started for it, unless a running Commander already has it up, which is then used.
   */
  private static void withDatabase(final CommanderConfig config, final Consumer<CommanderConfig.Db> command) {
    if (config.db().mode() != CommanderConfig.DbMode.EMBEDDED) {
      command.accept(config.db());
      return;
    }
    final int port = config.db().embeddedPort();
    final CommanderConfig.Db db = config.withDatabaseAt(EmbeddedPostgresServer.HOST, port).db();
    if (!EmbeddedPostgresServer.portFree(port)) {
      command.accept(db);
      return;
    }
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(config.stateDir().resolve("postgres"), port)) {
      pg.ensureDatabase(config.db().name(), config.db().user(), config.db().password());
      command.accept(db);
    } catch (EmbeddedServiceException e) {
      throw new StartupException("embedded PostgreSQL could not start: " + e.getMessage(), e);
    }
  }

  /** The demo fleet, or why not; Commander runs on either way. */
  private static void makeDemo(final Commander commander) {
    final Logger log = LoggerFactory.getLogger(Main.class);
    try {
      final DemoService.Demo demo = commander.demo().toCompletionStage().toCompletableFuture()
          .get(2, TimeUnit.MINUTES);
      final String url = commander.config().effectivePublicUrl().replaceAll("/+$", "") + "/workspaces/"
          + demo.workspace().slug() + "/clusters";
      log.info(demo.created() ? "demo fleet made: workspace {} with {} simulated clusters installing; see {}"
          : "demo fleet: workspace {} exists, left as it is ({} made now); see {}", demo.workspace().slug(),
          demo.clusterIds().size(), url);
    } catch (ExecutionException e) {
      log.warn("demo fleet not made: {}", e.getCause().getMessage());
    } catch (TimeoutException e) {
      log.warn("demo fleet not made within 2 minutes; Commander runs on");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void printWelcome(final Commander commander) {
    final CommanderConfig config = commander.config();
    final String url = config.effectivePublicUrl();
    final String signIn = commander.admin().flatMap(a -> a.generatedPassword().map(p -> a.email() + " / " + p
        + "   (generated now and shown only this once: keep it)"))
        .orElse(config.identity().adminEmail() + " with the password set at first start");
    LoggerFactory.getLogger(Main.class).info("""

        Commander is running. Open {}
          sign in    {}
          API        {}/api/v1 (contract: {}/api/v1/openapi.json, browse it at {}/documentation)
          readiness  {}/health/ready
          metrics    {}/metrics
          stop       Ctrl-C (data is kept in {})""", url, signIn, url, url, url, url, url,
        config.stateDir().toAbsolutePath());
  }
}
