package io.commander.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Encrypted columns in a real database: what plain SQL sees, and the registry of such columns. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@Timeout(60)
class EncryptionAtRestTest {

  private static Pool pool;

  @BeforeAll
  static void connect(final Vertx vertx, final TestDatabase db) {
    pool = CryptoFixtures.pool(vertx, db);
  }

  @Test
  void aColumnWrittenEncryptedIsNotReadableInPlainSqlAndDecryptsBack() {
    final Encryptor encryptor = new Encryptor(Keyring.generate());
    final String auth = "{\"username\":\"robot$ci-pusher\",\"password\":\"S3cret-Registry-Pa55\"}";
    final UUID workspace = pool.query("INSERT INTO workspaces (name, slug) VALUES ('Main', 'main') RETURNING id")
        .execute().await().iterator().next().getUUID(0);
    final UUID registry = pool.preparedQuery("INSERT INTO registries (workspace_id, name, images_repo, auth_encrypted) "
            + "VALUES ($1, 'ci', 'registry.example.com/ci', $2) RETURNING id")
        .execute(Tuple.of(workspace, encryptor.encrypt(EncryptedColumn.REGISTRY_AUTH.context(), auth)))
        .await().iterator().next().getUUID(0);

    final Row row = pool.preparedQuery("SELECT auth_encrypted, r::text AS whole_row, "
            + "(SELECT count(*) FROM registries WHERE auth_encrypted LIKE '%Pa55%' OR auth_encrypted LIKE '%robot%') "
            + "AS found FROM registries r WHERE id = $1")
        .execute(Tuple.of(registry)).await().iterator().next();
    final String stored = row.getString("auth_encrypted");
    assertThat(stored).startsWith("v1.k1.").doesNotContain("S3cret").doesNotContain("robot")
        .doesNotContain("password");
    assertThat(row.getString("whole_row")).doesNotContain("S3cret").doesNotContain("robot");
    assertThat(row.getLong("found")).as("a search in SQL finds nothing").isZero();

    assertThat(encryptor.decrypt(EncryptedColumn.REGISTRY_AUTH.context(), stored)).isEqualTo(auth);
  }

  @Test
  void everyEncryptedColumnOfTheSchemaIsRegistered() {
    final List<String> inSchema = new ArrayList<>();
    pool.query("SELECT table_name || '.' || column_name FROM information_schema.columns "
            + "WHERE table_schema = 'public' AND column_name LIKE '%\\_encrypted' ORDER BY 1")
        .execute().await().forEach(row -> inSchema.add(row.getString(0)));
    assertThat(inSchema).as("columns named *_encrypted; a new one must be added to EncryptedColumn.ALL")
        .containsExactlyInAnyOrderElementsOf(EncryptedColumn.ALL.stream().map(EncryptedColumn::qualifiedName).toList());

    for (EncryptedColumn column : EncryptedColumn.ALL) {
      final long primaryKey = pool.preparedQuery("SELECT count(*) FROM pg_index i "
              + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
              + "WHERE i.indrelid = $1::regclass AND i.indisprimary AND a.attname = $2")
          .execute(Tuple.of(column.table(), column.idColumn())).await().iterator().next().getLong(0);
      assertThat(primaryKey).as("%s is the primary key of %s", column.idColumn(), column.table()).isEqualTo(1);
    }
  }
}
