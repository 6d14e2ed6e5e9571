package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.commander.devservices.EmbeddedPostgresServer;
import io.commander.devservices.EmbeddedServiceException;
import io.commander.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server is the major Debian's client tools read (so {@code commander backup} works on a stock
 * machine), and a data directory of another major is refused before anything starts, saying what to do.
 */
@Timeout(120)
class EmbeddedPostgresMajorTest {

  @Test
  void theBundledServerIsTheDeclaredMajorAndADirectoryOfAnotherMajorIsRefused(@TempDir final Path dir)
      throws Exception {
    final int port = FreePorts.next();
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, port, false);
         Connection c = server.superuserConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SHOW server_version_num")) {
      assertThat(rs.next()).isTrue();
      assertThat(Integer.parseInt(rs.getString(1)) / 10_000).isEqualTo(EmbeddedPostgresServer.MAJOR);
    }
    assertThat(Files.readString(dir.resolve("PG_VERSION")).strip())
        .isEqualTo(Integer.toString(EmbeddedPostgresServer.MAJOR));

    Files.writeString(dir.resolve("PG_VERSION"), "17\n");
    assertThatThrownBy(() -> EmbeddedPostgresServer.start(dir, port, false))
        .isInstanceOf(EmbeddedServiceException.class)
        .hasMessageContaining("was made by PostgreSQL 17")
        .hasMessageContaining("the embedded server is PostgreSQL " + EmbeddedPostgresServer.MAJOR)
        .hasMessageContaining("commander backup FILE");
    assertThat(EmbeddedPostgresServer.portFree(port)).as("nothing was started").isTrue();
  }
}
