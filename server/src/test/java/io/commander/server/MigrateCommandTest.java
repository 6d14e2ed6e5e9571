package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.testing.TestDatabase;
import io.commander.testing.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code commander migrate}, alone, as a release step would run it. */
@Timeout(120)
class MigrateCommandTest {

  @Test
  void migratesAnEmptyDatabaseAndExits() throws Exception {
    final TestDatabase db = TestPostgres.get().newEmptyDatabase("migrate_command");
    final Main.Outcome outcome = Main.execute(new String[] {"migrate"}, db.commanderEnv(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.commander()).as("migrate starts no roles").isEmpty();
    try (Connection conn = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'clusters'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  /** A failure in JSON log format: one JSON object per log line on stdout, one plain line on stderr. */
  @Test
  void failureIsOneLineAndJsonLogsAreJson() throws Exception {
    final Map<String, String> env = new HashMap<>(Map.of(
        "COMMANDER_DB_HOST", "127.0.0.1",
        "COMMANDER_DB_PORT", "1",
        "COMMANDER_LOG_FORMAT", "json"));
    final ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "migrate");
    builder.environment().putAll(env);
    final Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    final String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    final String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).isEqualTo(Main.EXIT_START);
    final List<String> errLines = stderr.lines().toList();
    assertThat(errLines).hasSize(1);
    assertThat(errLines.get(0)).startsWith("commander: cannot start: database jdbc:postgresql://127.0.0.1:1/commander");
    final List<JsonObject> logs = stdout.lines().map(JsonObject::new).toList();
    assertThat(logs).anySatisfy(line -> {
      assertThat(line.getString("level")).isEqualTo("ERROR");
      assertThat(line.getString("message")).startsWith("commander cannot start: database");
      assertThat(line.getString("@timestamp")).isNotBlank();
    });
  }
}
