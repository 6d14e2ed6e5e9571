package io.commander.server.crypto;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves at start-up that the keys match the database: the first process to start writes a known
 * text, encrypted, into {@code encryption_canary}; every start after that decrypts it. Without
 * this check a process with the wrong keys would start and fail on every credential it reads.
 */
public final class EncryptionCanary {

  static final String KNOWN_TEXT = "Commander encryption canary: the keys match this database.";

  private static final Logger LOG = LoggerFactory.getLogger(EncryptionCanary.class);
  private static final EncryptedColumn COLUMN = EncryptedColumn.CANARY;
  private static final String INSERT = "INSERT INTO encryption_canary (value_encrypted) VALUES ($1) "
      + "ON CONFLICT (id) DO NOTHING RETURNING value_encrypted";
  private static final String SELECT = "SELECT value_encrypted FROM encryption_canary";

  private final Encryptor encryptor;
  private final Path keysFile;

  /**
   * A canary check.
   *
   * @param encryptor the keys of this process
   * @param keysFile the keys file of this configuration, named in the message when the keys do not match
   */
  public EncryptionCanary(final Encryptor encryptor, final Path keysFile) {
    this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
    this.keysFile = Objects.requireNonNull(keysFile, "keysFile");
  }

  /**
   * Writes the canary if the database has none yet (replicas starting together write it once),
   * otherwise decrypts it.
   *
   * @param pool the database
   * @return a future completed when the keys match the database; failed with
   *     {@link KeyMismatchException} when they do not, or with the database's error
   */
  public Future<Void> verify(final Pool pool) {
    return pool.withTransaction(conn -> writeIfAbsent(conn)
        .compose(written -> written ? Future.succeededFuture() : read(conn).map(this::check)));
  }

  private Future<Boolean> writeIfAbsent(final SqlConnection conn) {
    return conn.preparedQuery(INSERT).execute(Tuple.of(encryptor.encrypt(COLUMN.context(), KNOWN_TEXT)))
        .map(rows -> {
          if (rows.rowCount() == 1) {
            LOG.info("encryption canary written [key: {}]", encryptor.keyring().primaryKeyId());
            return true;
          }
          return false;
        });
  }

  private Future<String> read(final SqlConnection conn) {
    return conn.preparedQuery(SELECT).execute()
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /**
   * Decrypts a canary value read elsewhere (a backup, before it is restored).
   *
   * @param stored the stored {@code value_encrypted}
   * @throws KeyMismatchException if these keys do not decrypt it to the known text
   */
  public void verifyStored(final String stored) {
    check(stored);
  }

  private Void check(final String stored) {
    final String plaintext;
    try {
      plaintext = encryptor.decrypt(COLUMN.context(), stored);
    } catch (DecryptionException e) {
      throw mismatch(e.keyId(), e.reason() == DecryptionException.Reason.UNKNOWN_KEY ? "which is unknown"
          : "which does not decrypt it", e);
    }
    if (!KNOWN_TEXT.equals(plaintext)) {
      throw mismatch(Encryptor.keyIdOf(stored), "which does not decrypt it", null);
    }
    LOG.info("encryption keys match the database [key: {}]", Encryptor.keyIdOf(stored));
    return null;
  }

  private KeyMismatchException mismatch(final String keyId, final String which, final Throwable cause) {
    final String value = keyId.isEmpty() ? "the stored canary is not an encrypted value"
        : "value encrypted under key " + keyId + ", " + which;
    return new KeyMismatchException("the encryption keys do not match this database (" + value + "): start Commander "
        + "with the keys that were used with this database (COMMANDER_ENCRYPTION_* or the keys file " + keysFile
        + "); generated keys are in " + keysFile + " of the machine that first started it", value, cause);
  }
}
