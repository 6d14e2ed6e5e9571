package io.commander.server.backup;

import io.commander.core.config.CommanderConfig;
import io.commander.server.Database;
import io.commander.server.crypto.EncryptionCanary;
import io.commander.server.crypto.Encryptor;
import io.commander.server.crypto.KeyConfigurationException;
import io.commander.server.crypto.KeyMismatchException;
import io.commander.server.crypto.Keyring;
import io.commander.server.crypto.KeyringLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code commander backup FILE} and {@code commander restore FILE --keys KEYS}.
 *
 * <p>A backup is two files: {@code FILE}, the whole database as pg_dump writes it in its custom format
 * (one snapshot, so Commander may keep running), and {@code FILE.keys.json}, the encryption keys as the
 * keys file holds them (mode 0600). The keys are never inside the dump: whoever holds one file alone
 * can read no secret.
 *
 * <p>A restore checks everything before it changes anything: the keys decrypt the dump's encryption
 * canary, the target database has no tables, and the place the configuration reads keys from is free
 * or holds the same keys. Then pg_restore loads the dump in one transaction and the keys are written.
 */
public final class Backups {

  /** What is appended to the dump's name for its keys. */
  public static final String KEYS_SUFFIX = ".keys.json";

  private Backups() {
  }

  /**
   * Writes a backup of the configured database and its keys.
   *
   * @param config the configuration (keys file, state folder)
   * @param db where the database is now (for the embedded one: the server started or found running)
   * @param env the environment (keys from variables, {@link PgTools#BIN_DIR_ENV}, {@code PATH})
   * @param file the dump to write; {@code FILE.keys.json} is written beside it
   * @param out where the summary goes
   * @throws BackupException if anything is missing or fails; no file is left behind then
   */
  public static void backup(final CommanderConfig config, final CommanderConfig.Db db, final Map<String, String> env,
                            final Path file, final PrintStream out) {
    final Path keysFile = keysFileOf(file);
    refuseExisting(file);
    refuseExisting(keysFile);
    final KeyringLoader.Loaded keys = KeyringLoader.find(config, env).orElseThrow(() -> new BackupException(
        "there are no encryption keys to back up: neither the COMMANDER_ENCRYPTION_* variables nor the keys file "
            + KeyringLoader.keysFile(config) + " exist (has Commander ever started with this configuration?)"));
    final Server server = server(db);
    final String stored = server.canary().orElseThrow(() -> new BackupException("the database " + where(db)
        + " has no encryption canary: Commander has never started on it, there is nothing to back up"));
    verify(keys.keyring(), stored, "the keys of this configuration (" + describe(keys) + ") do not decrypt the "
        + "database " + where(db), "; a backup with them could never be restored");

    final PgArchive archive = new PgArchive(PgTools.find(server.major(), server.version(), env));
    final Path partial = file.resolveSibling("." + file.getFileName() + ".partial");
    try {
      createParent(file);
      archive.dump(db, partial);
      // The dump must hold the canary the keys decrypt, or it would be refused at restore.
      verify(keys.keyring(), archive.canary(partial).orElseThrow(() -> new BackupException(
          "the dump has no encryption canary; nothing was written")), "the keys do not decrypt the dump just made", "");
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new BackupException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(partial);
    }
    try {
      if (!KeyringLoader.writeNewFile(keysFile, keys.keyring())) {
        throw new BackupException(keysFile + " appeared while the dump was written; the dump is in " + file
            + ", but its keys were not written");
      }
    } catch (KeyConfigurationException e) {
      deleteQuietly(file);
      throw new BackupException("cannot write the keys: " + e.getMessage() + "; nothing was kept", e);
    }
    out.println("wrote " + file + ": " + PgArchive.describeSize(PgArchive.size(file)) + ", database " + db.name()
        + " (PostgreSQL " + server.version() + ") in pg_dump " + archive.tools().version() + "'s custom format");
    out.println("wrote " + keysFile + ": " + PgArchive.describeSize(PgArchive.size(keysFile)) + ", mode 0600, the "
        + "encryption keys (primary " + keys.keyring().primaryKeyId() + ")");
    out.println("Store the keys file apart from the dump, somewhere safe: without it the dump cannot be restored, and "
        + "with it anyone holding the dump reads every secret in it.");
  }

  /**
   * Loads a backup into the configured database, which must be empty, and puts its keys where the
   * configuration reads them.
   *
   * @param config the configuration (keys file, state folder)
   * @param db where the database is now
   * @param env the environment
   * @param file the dump
   * @param keysFile the keys written beside it by the backup
   * @param out where the summary goes
   * @throws BackupException if the keys do not decrypt the dump, the database is not empty, other keys
   *     are configured, or pg_restore fails; the database and the keys file are then as they were
   */
  public static void restore(final CommanderConfig config, final CommanderConfig.Db db, final Map<String, String> env,
                             final Path file, final Path keysFile, final PrintStream out) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new BackupException(file + ": no such readable file; nothing was changed");
    }
    final Keyring keys;
    try {
      keys = KeyringLoader.readFile(keysFile);
    } catch (KeyConfigurationException e) {
      throw new BackupException(e.getMessage() + "; nothing was changed", e);
    }
    final Server server = server(db);
    final PgArchive archive = new PgArchive(PgTools.find(server.major(), server.version(), env));
    final String stored = archive.canary(file).orElseThrow(() -> new BackupException(file + " has no encryption "
        + "canary: it is not a backup of a database Commander ran on; nothing was changed"));
    verify(keys, stored, "the keys in " + keysFile + " do not decrypt the encryption canary of " + file,
        ": they are not the keys this backup was made with (use the " + KEYS_SUFFIX + " written beside it); "
            + "nothing was changed");
    final List<String> tables = server.tables();
    if (!tables.isEmpty()) {
      throw new BackupException("the database " + where(db) + " is not empty (" + tables.size() + " tables: "
          + String.join(", ", tables.subList(0, Math.min(5, tables.size()))) + (tables.size() > 5 ? ", ..." : "")
          + "): restore only into an empty database (the embedded one: a new state-dir); nothing was changed");
    }
    final Path target = KeyringLoader.keysFile(config);
    final boolean writeKeys = keysDestination(config, env, keys, target);

    archive.restore(db, file);
    if (writeKeys && !KeyringLoader.writeNewFile(target, keys)) {
      throw new BackupException("the database was restored, but " + target + " appeared meanwhile and was left as "
          + "it is: replace it with " + keysFile + " before Commander starts");
    }
    out.println("restored " + file + " (" + PgArchive.describeSize(PgArchive.size(file)) + ") into database "
        + where(db) + " with pg_restore " + archive.tools().version() + ": " + server.tables().size() + " tables");
    out.println(writeKeys ? "wrote the keys to " + target + " (mode 0600)"
        : "the configured keys are the backup's already (" + (env.containsKey(KeyringLoader.PRIMARY_KEY_ENV)
            ? "COMMANDER_ENCRYPTION_* variables" : target) + ")");
    out.println("Start Commander with this configuration (bin/commander up) to serve the restored data.");
  }

  /** {@code FILE.keys.json} beside {@code FILE}. */
  public static Path keysFileOf(final Path file) {
    return file.resolveSibling(file.getFileName() + KEYS_SUFFIX);
  }

  /**
   * Whether the keys must be written to the keys file: no when the configured keys are the backup's
   * already; refused when other keys are configured.
   */
  private static boolean keysDestination(final CommanderConfig config, final Map<String, String> env,
                                         final Keyring keys, final Path target) {
    final Optional<KeyringLoader.Loaded> configured;
    try {
      configured = KeyringLoader.find(config, env);
    } catch (KeyConfigurationException e) {
      throw new BackupException("the configured keys cannot be read: " + e.getMessage() + "; nothing was changed", e);
    }
    if (configured.isEmpty()) {
      return true;
    }
    if (KeyringLoader.sameKeys(configured.get().keyring(), keys)) {
      return false;
    }
    if (configured.get().source() == KeyringLoader.Source.ENVIRONMENT) {
      throw new BackupException("this configuration takes its keys from the COMMANDER_ENCRYPTION_* variables, and "
          + "they are not the backup's: set them to the values in the backup's keys file (or unset them to use "
          + target + "); nothing was changed");
    }
    throw new BackupException("the keys file " + target + " exists and holds other keys: restore with a new state-dir "
        + "or encryption.keys-file (the keys there may belong to another database: move the file away only if "
        + "you are sure); nothing was changed");
  }

  private static void verify(final Keyring keyring, final String stored, final String failure, final String advice) {
    try {
      new EncryptionCanary(new Encryptor(keyring), Path.of("-")).verifyStored(stored);
    } catch (KeyMismatchException e) {
      throw new BackupException(failure + " (" + e.detail() + ")" + advice, e);
    }
  }

  private static String describe(final KeyringLoader.Loaded keys) {
    return keys.source() == KeyringLoader.Source.ENVIRONMENT ? "COMMANDER_ENCRYPTION_* variables"
        : "keys file " + keys.file();
  }

  private static String where(final CommanderConfig.Db db) {
    return db.name() + " on " + db.host() + ":" + db.port();
  }

  private static void refuseExisting(final Path path) {
    if (Files.exists(path)) {
      throw new BackupException(path + " exists already: a backup never replaces a file; choose another name");
    }
  }

  private static void createParent(final Path file) throws IOException {
    final Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }

  private static void deleteQuietly(final Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Left for the operator; the message of the failure is what matters.
    }
  }

  /** What a command needs to know of the server, read over JDBC. */
  private record Server(CommanderConfig.Db db, int major, String version) {

    Optional<String> canary() {
      return query(conn -> {
        try (Statement st = conn.createStatement()) {
          try (ResultSet rs = st.executeQuery("SELECT to_regclass('" + PgArchive.CANARY_TABLE + "') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
              return Optional.<String>empty();
            }
          }
          try (ResultSet rs = st.executeQuery("SELECT value_encrypted FROM " + PgArchive.CANARY_TABLE)) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
          }
        }
      });
    }

    /** Tables, views and sequences of the database's own, outside the system schemas and extensions. */
    List<String> tables() {
      return query(conn -> {
        final List<String> names = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("""
                 SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                   AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                   AND d.objid = c.oid AND d.deptype = 'e')
                 ORDER BY c.relkind <> 'r', 1""")) {
          while (rs.next()) {
            names.add(rs.getString(1));
          }
        }
        return names;
      });
    }

    <T> T query(final SqlWork<T> work) {
      try (Connection conn = connect(db)) {
        return work.apply(conn);
      } catch (SQLException e) {
        throw new BackupException("the database " + where(db) + ": " + e.getMessage(), e);
      }
    }
  }

  private interface SqlWork<T> {
    T apply(Connection conn) throws SQLException;
  }

  private static Server server(final CommanderConfig.Db db) {
    try (Connection conn = connect(db);
         Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, "
             + "current_setting('server_version')")) {
      rs.next();
      final String version = rs.getString(2).split(" ")[0];
      return new Server(db, rs.getInt(1) / 10000, version);
    } catch (SQLException e) {
      throw new BackupException("cannot connect to the database " + where(db) + ": " + e.getMessage(), e);
    }
  }

  private static Connection connect(final CommanderConfig.Db db) throws SQLException {
    return DriverManager.getConnection(Database.jdbcUrl(db), db.user(), db.password());
  }
}
