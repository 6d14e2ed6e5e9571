package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.commander.devservices.EmbeddedPostgresServer;
import io.commander.devservices.EmbeddedServiceException;
import io.commander.testing.FreePorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL left running by a dead process is stopped by the next start; a stranger's port is named. */
@Timeout(120)
class EmbeddedPostgresOrphanTest {

  /**
   * A process that starts the server, kills its watchdog (as a kill of the whole process group would)
   * and dies without stopping anything: the server is an orphan then. Prints the postmaster's pid.
   */
  public static final class Crasher {
    public static void main(final String[] args) {
      EmbeddedPostgresServer.start(Path.of(args[0]), Integer.parseInt(args[1]), false);
      ProcessHandle.current().children()
          .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("kill -INT")).orElse(false))
          .forEach(ProcessHandle::destroyForcibly);
      Runtime.getRuntime().halt(0);
    }
  }

  @Test
  void aServerLeftRunningOnTheDataDirectoryIsStoppedAndTheNewOneStarts(@TempDir final Path dir) throws Exception {
    final int port = FreePorts.next();
    final Process crasher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Crasher.class.getName(), dir.toString(), Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(crasher.waitFor(60, TimeUnit.SECONDS)).isTrue();
    final long orphanPid = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).strip());
    assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive)).as("the orphan runs").isPresent();

    try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(dir, port, false)) {
      assertThat(second.recovered()).hasValueSatisfying(what ->
          assertThat(what).contains("still running", "pid " + orphanPid, "stopped it cleanly"));
      assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive)).isEmpty();
      try (Connection c = second.superuserConnection(); Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT 1")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void aPortHeldByAnotherProgramIsAnErrorNamingIt(@TempDir final Path dir) throws Exception {
    try (ServerSocket stranger = new ServerSocket(0, 1, InetAddress.getByName(EmbeddedPostgresServer.HOST))) {
      assertThatThrownBy(() -> EmbeddedPostgresServer.start(dir, stranger.getLocalPort(), false))
          .isInstanceOf(EmbeddedServiceException.class)
          .hasMessageContaining("is held by process " + ProcessHandle.current().pid())
          .hasMessageContaining("stop that program, or choose another port");
    }
  }
}
