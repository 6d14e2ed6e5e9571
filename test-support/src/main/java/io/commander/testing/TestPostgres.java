package io.commander.testing;

import io.commander.devservices.EmbeddedPostgresServer;
import io.commander.migrations.Migrations;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL server per test JVM with a template database migrated once; every test class
 * gets its own database cloned from the template ({@code CREATE DATABASE ... TEMPLATE ...}),
 * which takes milliseconds. The server is embedded (zonky binaries) unless
 * {@value #EXTERNAL_URL_ENV} names one, e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&password=secret}; that user
 * needs the CREATEDB privilege.
 */
public final class TestPostgres {

  public static final String EXTERNAL_URL_ENV = "COMMANDER_TEST_DB_URL";

  private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
  private static TestPostgres instance;

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String template;
  private final List<String> created = new ArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();

  private TestPostgres(final String host, final int port, final String user, final String password) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.template = "commander_template_" + suffix();
  }

  /** The server of this JVM, started and migrated on first use. */
  public static synchronized TestPostgres get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  /**
   * Creates a fresh database from the migrated template.
   *
   * @param hint a readable part of the name, e.g. the test class
   */
  public synchronized TestDatabase newDatabase(final String hint) {
    final String name = ("t_" + hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + counter.incrementAndGet())
        .toLowerCase(Locale.ROOT);
    final String db = name.length() > 60 ? name.substring(name.length() - 60) : name;
    execute("CREATE DATABASE " + db + " TEMPLATE " + template);
    created.add(db);
    return new TestDatabase(host, port, db, user, password);
  }

  /** Creates an empty database (no schema): for tests of the migrations themselves. */
  public synchronized TestDatabase newEmptyDatabase(final String hint) {
    final String db = ("e_" + hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + counter.incrementAndGet())
        .toLowerCase(Locale.ROOT);
    execute("CREATE DATABASE " + db);
    created.add(db);
    return new TestDatabase(host, port, db, user, password);
  }

  private static TestPostgres start() {
    final String external = System.getenv(EXTERNAL_URL_ENV);
    final TestPostgres pg;
    if (external != null && !external.isBlank()) {
      pg = fromUrl(external);
      LOG.info("tests use the external postgresql at {}:{}", pg.host, pg.port);
    } else {
      pg = embedded();
    }
    pg.execute("CREATE DATABASE " + pg.template);
    pg.created.add(pg.template);
    Migrations.migrate("jdbc:postgresql://" + pg.host + ":" + pg.port + "/" + pg.template, pg.user, pg.password);
    if (external != null && !external.isBlank()) {
      Runtime.getRuntime().addShutdownHook(new Thread(pg::dropCreated, "test-postgres-cleanup"));
    }
    return pg;
  }

  private static TestPostgres embedded() {
    try {
      final Path dir = Files.createTempDirectory("commander-test-pg-");
      final EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("data"), FreePorts.next(), false);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        deleteTree(dir);
      }, "test-postgres-stop"));
      return new TestPostgres(EmbeddedPostgresServer.HOST, server.port(), EmbeddedPostgresServer.SUPERUSER, "");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a folder for the test database", e);
    }
  }

  private static TestPostgres fromUrl(final String jdbcUrl) {
    final URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String user = "postgres";
    String password = "";
    if (uri.getQuery() != null) {
      for (String pair : uri.getQuery().split("&")) {
        final String[] kv = pair.split("=", 2);
        if (kv.length == 2 && kv[0].equals("user")) {
          user = kv[1];
        } else if (kv.length == 2 && kv[0].equals("password")) {
          password = kv[1];
        }
      }
    }
    return new TestPostgres(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password);
  }

  private void execute(final String sql) {
    try (Connection conn = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres",
        user, password);
         Statement st = conn.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database: " + sql + ": " + e.getMessage(), e);
    }
  }

  private void dropCreated() {
    for (String db : created) {
      try {
        execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      } catch (IllegalStateException e) {
        LOG.warn("could not drop test database {}: {}", db, e.getMessage());
      }
    }
  }

  private static String suffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  static void deleteTree(final Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", dir, e.getMessage());
    }
  }
}
