package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.server.crypto.EncryptedColumn;
import io.commander.server.crypto.Encryptor;
import io.commander.server.crypto.KeyringLoader;
import io.commander.testing.KafkaExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.commander.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code commander keys rotate} from the command line, beside the data a server wrote. */
@ExtendWith(KafkaExtension.class)
@Timeout(120)
class KeysCommandTest {

  @Test
  void rotateMovesEveryValueToTheNewKey(final TestKafka kafka, @TempDir final Path state) throws Exception {
    final TestDatabase db = TestPostgres.get().newDatabase("keys_command");
    final Map<String, String> env = new HashMap<>(TestCommanders.env(db, kafka, state));
    // A first start generates the keys file and writes the canary.
    Commander.start(TestCommanders.config(env), env).stop();
    final Encryptor before = new Encryptor(KeyringLoader.find(TestCommanders.config(env), env).orElseThrow().keyring());
    final String workspace;
    try (Connection conn = connect(db)) {
      workspace = one(conn, "INSERT INTO workspaces (name, slug) VALUES ('K', 'k') RETURNING id::text");
      try (PreparedStatement st = conn.prepareStatement(
          "INSERT INTO registries (workspace_id, name, images_repo, auth_encrypted) VALUES (?::uuid, 'r', 'repo', ?)")) {
        st.setString(1, workspace);
        st.setString(2, before.encrypt(EncryptedColumn.REGISTRY_AUTH.context(), "user:secret"));
        st.executeUpdate();
      }
    }

    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Main.Outcome outcome = Main.execute(new String[] {"keys", "rotate"}, env,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(outcome.exitCode()).as(err.toString(StandardCharsets.UTF_8)).isZero();

    final Encryptor after = new Encryptor(KeyringLoader.find(TestCommanders.config(env), env).orElseThrow().keyring());
    assertThat(after.keyring().primaryKeyId()).isEqualTo("k2");
    try (Connection conn = connect(db)) {
      final String stored = one(conn, "SELECT auth_encrypted FROM registries");
      assertThat(Encryptor.keyIdOf(stored)).isEqualTo("k2");
      assertThat(after.decrypt(EncryptedColumn.REGISTRY_AUTH.context(), stored)).isEqualTo("user:secret");
    }
    // And a server starts on the rotated keys: the canary moved too.
    Commander.start(TestCommanders.config(env), env).stop();
  }

  private static Connection connect(final TestDatabase db) throws Exception {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  private static String one(final Connection conn, final String sql) throws Exception {
    try (PreparedStatement st = conn.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }
}
