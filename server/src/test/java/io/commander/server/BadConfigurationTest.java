package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A bad configuration stops start-up with one line that names the key, and a non-zero exit. */
@Timeout(60)
class BadConfigurationTest {

  @TempDir
  static Path dir;

  static Stream<Arguments> cases() throws Exception {
    final Path unreadable = dir.resolve("missing.yaml");
    final Path notYaml = Files.writeString(dir.resolve("broken.yaml"), "http: [\n");
    return Stream.of(
        Arguments.of("unknown role", Map.of("COMMANDER_ROLES", "api,billing"),
            "roles (COMMANDER_ROLES): unknown role 'billing'"),
        Arguments.of("port out of range", Map.of("COMMANDER_HTTP_PORT", "0"),
            "http.port (COMMANDER_HTTP_PORT): 0 is out of range (1-65535)"),
        Arguments.of("unreadable file", Map.of("COMMANDER_CONFIG", unreadable.toString()),
            "config file (COMMANDER_CONFIG) " + unreadable + ": no such file"),
        Arguments.of("file that is not YAML", Map.of("COMMANDER_CONFIG", notYaml.toString()),
            "config file (COMMANDER_CONFIG) " + notYaml + ": not valid YAML"),
        Arguments.of("missing database host", Map.of("COMMANDER_DB_MODE", "external"),
            "db.host (COMMANDER_DB_HOST): required when db.mode is external"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void oneLineAndExitCode(final String name, final Map<String, String> env, final String expected) {
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Main.Outcome outcome = Main.execute(new String[] {"run"}, env, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(outcome.exitCode()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(outcome.commander()).isEmpty();
    final List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("commander: configuration error: " + expected);
  }

  @Test
  void unknownCommandShowsUsage() {
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Main.Outcome outcome = Main.execute(new String[] {"serve"}, Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(outcome.exitCode()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown arguments [serve]").contains("usage: commander");
  }

  /** The real process: exit status and stderr as a shell sees them, no stack trace. */
  @Test
  void realProcessExitsNonZeroWithOneLine() throws Exception {
    final List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run"));
    final ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("COMMANDER_HTTP_PORT", "99999");
    final Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    final String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(stderr.lines().toList())
        .containsExactly("commander: configuration error: http.port (COMMANDER_HTTP_PORT): 99999 is out of range (1-65535)");
  }
}
