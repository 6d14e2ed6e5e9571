package io.commander.server.crypto;

import io.commander.core.config.CommanderConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key rotation, in two steps that other processes can run through:
 *
 * <ol>
 *   <li>{@link #rotateKeys}: a new primary key with the next id; the old primary key is kept as
 *       retired, so everything written under it stays readable. With a keys file the file is
 *       rewritten; running processes pick the new key up when they first meet a value under it
 *       ({@link Keys#reloadIfUnknown}). Keys from the environment cannot be rewritten: the new
 *       variable values are returned for the operator to set instead, and nothing else changes.</li>
 *   <li>{@link #reencrypt}: every value of every {@link EncryptedColumn} that is not under the
 *       primary key is re-encrypted under it, in batches of short transactions that lock only the
 *       rows they change. Safe to run again at any time: a second run finds what a process still
 *       on the old key wrote in the meantime.</li>
 * </ol>
 *
 * <p>Deterministic values are not re-encrypted: their key is not rotated, since lookups by
 * equality need every value under one key.
 */
public final class KeyRotation {

  /** Rows re-encrypted per transaction. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  private static final Logger LOG = LoggerFactory.getLogger(KeyRotation.class);

  private final Pool pool;
  private final int batchSize;

  public KeyRotation(final Pool pool) {
    this(pool, DEFAULT_BATCH_SIZE);
  }

  /**
   * Re-encryption with a given batch size.
   *
   * @param pool the database
   * @param batchSize rows per transaction, at least 1
   */
  public KeyRotation(final Pool pool, final int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
    }
    this.pool = pool;
    this.batchSize = batchSize;
  }

  /**
   * What {@link #rotateKeys} did.
   *
   * @param keyring the keys after the rotation
   * @param file the keys file that now holds them; empty when the keys come from the environment
   *     and nothing was written
   * @param environment when the keys come from the environment: the variables to set, with their
   *     new values (secrets), on every Commander process before re-encrypting; otherwise empty
   */
  public record Rotated(Keyring keyring, Optional<Path> file, Map<String, String> environment) {

    public Rotated {
      environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }
  }

  /**
   * Creates a new primary key. Blocking: for the command line.
   *
   * @param config the configuration (keys file)
   * @param env the process environment
   * @return the new keys, and either the file they were written to or the variables to set
   * @throws KeyConfigurationException if there are no keys yet, or the keys cannot be read or the
   *     keys file written
   */
  public static Rotated rotateKeys(final CommanderConfig config, final Map<String, String> env) {
    final Path file = KeyringLoader.keysFile(config);
    final KeyringLoader.Loaded loaded = KeyringLoader.find(config, env).orElseThrow(() -> new KeyConfigurationException(
        "there are no keys to rotate: neither the COMMANDER_ENCRYPTION_* variables nor the keys file " + file
            + " exist"));
    if (loaded.source() == KeyringLoader.Source.ENVIRONMENT) {
      final Keyring next = loaded.keyring().rotate();
      final Map<String, String> all = KeyringLoader.environment(next);
      final Map<String, String> changed = new LinkedHashMap<>();
      changed.put(KeyringLoader.PRIMARY_KEY_ENV, all.get(KeyringLoader.PRIMARY_KEY_ENV));
      changed.put(KeyringLoader.RETIRED_KEYS_ENV, all.get(KeyringLoader.RETIRED_KEYS_ENV));
      LOG.info("new primary key created for the environment; nothing written [primary: {}, retired: {}]",
          next.primaryKeyId(), next.retiredKeyIds());
      return new Rotated(next, Optional.empty(), changed);
    }
    return KeysFile.locked(file, () -> {
      // Read again under the lock: another rotation may have just written the file.
      final Keyring next = readExisting(file).rotate();
      KeysFile.replace(file, next);
      LOG.info("keys file rotated [primary: {}, retired: {}, file: {}]", next.primaryKeyId(), next.retiredKeyIds(),
          file);
      return new Rotated(next, Optional.of(file), Map.of());
    });
  }

  /**
   * Re-encrypts every value of every registered column (the canary included) that is not under
   * the primary key of {@code encryptor}.
   *
   * @param encryptor the keys after the rotation: the primary key to move to, and every key the
   *     values may be under now
   * @return a future of the number of values re-encrypted per column ({@code table.column}, in
   *     registry order); failed with {@link KeyRotationException} naming the row whose value does
   *     not decrypt, or with the database's error
   */
  public Future<Map<String, Long>> reencrypt(final Encryptor encryptor) {
    final Map<String, Long> counts = new LinkedHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (EncryptedColumn column : EncryptedColumn.ALL) {
      // First pass skips rows other transactions hold; the second waits for them.
      chain = chain.compose(v -> reencrypt(column, encryptor, true, 0))
          .compose(skipped -> reencrypt(column, encryptor, false, skipped))
          .map(count -> {
            counts.put(column.qualifiedName(), count);
            LOG.info("column re-encrypted [column: {}, values: {}, key: {}]", column.qualifiedName(), count,
                encryptor.keyring().primaryKeyId());
            return null;
          });
    }
    return chain.map(v -> Collections.unmodifiableMap(counts));
  }

  private Future<Long> reencrypt(final EncryptedColumn column, final Encryptor encryptor, final boolean skipLocked,
                                 final long done) {
    final String underPrimary = Encryptor.RANDOM_FORMAT + "." + encryptor.keyring().primaryKeyId() + ".";
    return pool.withTransaction(conn -> conn.preparedQuery(selectBatch(column, skipLocked))
            .execute(Tuple.of(Encryptor.RANDOM_FORMAT + ".%", underPrimary, batchSize))
            .compose(rows -> {
              final List<Tuple> updates = new ArrayList<>();
              for (Row row : rows) {
                final Object id = row.getValue(0);
                updates.add(Tuple.of(id, reencryptValue(column, encryptor, id, row.getString(1))));
              }
              return updates.isEmpty() ? Future.succeededFuture(0)
                  : conn.preparedQuery(update(column)).executeBatch(updates).map(updated -> updates.size());
            }))
        .compose(count -> count == 0 ? Future.succeededFuture(done)
            : reencrypt(column, encryptor, skipLocked, done + count));
  }

  private static String reencryptValue(final EncryptedColumn column, final Encryptor encryptor, final Object id,
                                       final String stored) {
    try {
      return encryptor.encrypt(column.context(), encryptor.decrypt(column.context(), stored));
    } catch (DecryptionException e) {
      throw new KeyRotationException("re-encryption stopped at " + column.qualifiedName() + " of row " + column.idColumn()
          + " = " + id + ": " + e.getMessage() + "; the keyring has " + encryptor.keyring(), e);
    }
  }

  /** Rows with a value in the random-nonce format ({@code $1}) that is not under the primary key ({@code $2}). */
  private static String selectBatch(final EncryptedColumn column, final boolean skipLocked) {
    return "SELECT " + column.idColumn() + ", " + column.valueColumn() + " FROM " + column.table()
        + " WHERE " + column.valueColumn() + " LIKE $1 AND NOT starts_with(" + column.valueColumn() + ", $2)"
        + " ORDER BY " + column.idColumn() + " LIMIT $3 FOR UPDATE" + (skipLocked ? " SKIP LOCKED" : "");
  }

  private static String update(final EncryptedColumn column) {
    return "UPDATE " + column.table() + " SET " + column.valueColumn() + " = $2 WHERE " + column.idColumn() + " = $1";
  }

  private static Keyring readExisting(final Path file) {
    try {
      return KeysFile.read(file);
    } catch (NoSuchFileException e) {
      throw new KeyConfigurationException("keys file " + file + ": disappeared before it could be rotated", e);
    }
  }
}
