package io.commander.server.crypto;

import io.commander.core.config.CommanderConfig;
import io.commander.core.config.Setting;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the keys of this installation, in order:
 *
 * <ol>
 *   <li>the {@code COMMANDER_ENCRYPTION_*} environment variables: all of them or none;</li>
 *   <li>the keys file ({@code encryption.keys-file}, by default {@code keys.json} in the state
 *       folder);</li>
 *   <li>neither: new keys are generated into the keys file, with one loud warning to back it up.</li>
 * </ol>
 *
 * <p>Variables: {@value #PRIMARY_KEY_ENV} ({@code [<id>:]<base64>}, id {@code k1} when left out),
 * {@value #DETERMINISTIC_KEY_ENV} ({@code [<id>:]<base64>}, id {@code dk1}),
 * {@value #KEY_DERIVATION_SALT_ENV} (base64), {@value #JWT_PRIVATE_KEY_ENV} and
 * {@value #JWT_PUBLIC_KEY_ENV} (PEM), all required; {@value #RETIRED_KEYS_ENV}
 * ({@code <id>:<base64>,...}) optional. Keys are 32 random bytes.
 *
 * <p>Blocking (file access, key generation): call it from {@code main} or the command line.
 */
public final class KeyringLoader {

  public static final String PRIMARY_KEY_ENV = "COMMANDER_ENCRYPTION_PRIMARY_KEY";
  public static final String DETERMINISTIC_KEY_ENV = "COMMANDER_ENCRYPTION_DETERMINISTIC_KEY";
  public static final String KEY_DERIVATION_SALT_ENV = "COMMANDER_ENCRYPTION_KEY_DERIVATION_SALT";
  public static final String JWT_PRIVATE_KEY_ENV = "COMMANDER_ENCRYPTION_JWT_PRIVATE_KEY";
  public static final String JWT_PUBLIC_KEY_ENV = "COMMANDER_ENCRYPTION_JWT_PUBLIC_KEY";
  public static final String RETIRED_KEYS_ENV = "COMMANDER_ENCRYPTION_RETIRED_KEYS";
  /** Name of the keys file in the state folder when {@code encryption.keys-file} is empty. */
  public static final String DEFAULT_FILE_NAME = "keys.json";

  private static final List<String> REQUIRED_ENV = List.of(PRIMARY_KEY_ENV, DETERMINISTIC_KEY_ENV,
      KEY_DERIVATION_SALT_ENV, JWT_PRIVATE_KEY_ENV, JWT_PUBLIC_KEY_ENV);
  private static final Logger LOG = LoggerFactory.getLogger(KeyringLoader.class);

  private KeyringLoader() {
  }

  /** Where the keys came from. */
  public enum Source {
    /** The {@code COMMANDER_ENCRYPTION_*} variables; the keys file is not read. */
    ENVIRONMENT,
    /** An existing keys file. */
    FILE,
    /** Generated just now into the keys file. */
    GENERATED
  }

  /**
   * The loaded keys.
   *
   * @param keyring the keys
   * @param source where they came from
   * @param file the keys file of this configuration (read, generated, or, for
   *     {@link Source#ENVIRONMENT}, the one that would have been read)
   */
  public record Loaded(Keyring keyring, Source source, Path file) {
  }

  /**
   * Loads the keys, generating them on first start.
   *
   * @param config the configuration (state folder, {@code encryption.keys-file})
   * @param env the process environment (tests pass their own)
   * @return the keys and where they came from
   * @throws KeyConfigurationException if the variables are incomplete or malformed, or the keys
   *     file cannot be read, parsed or written; the message names what is wrong
   */
  public static Loaded load(final CommanderConfig config, final Map<String, String> env) {
    return find(config, env).orElseGet(() -> generate(keysFile(config)));
  }

  /**
   * Loads existing keys, from the variables or the keys file; never generates any.
   *
   * @return the keys, or empty when neither the variables nor the keys file exist
   * @throws KeyConfigurationException as {@link #load}
   */
  public static Optional<Loaded> find(final CommanderConfig config, final Map<String, String> env) {
    final Path file = keysFile(config);
    final Optional<Keyring> fromEnv = fromEnvironment(env);
    if (fromEnv.isPresent()) {
      if (Files.exists(file)) {
        LOG.info("encryption keys come from the COMMANDER_ENCRYPTION_* variables; the keys file is not read "
            + "[file: {}]", file);
      }
      return Optional.of(loaded(new Loaded(fromEnv.get(), Source.ENVIRONMENT, file)));
    }
    try {
      return Optional.of(loaded(new Loaded(KeysFile.read(file), Source.FILE, file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads a keys file named by the operator (a backup's keys, for instance).
   *
   * @throws KeyConfigurationException if it does not exist, cannot be read or is malformed
   */
  public static Keyring readFile(final Path file) {
    try {
      return KeysFile.read(file);
    } catch (NoSuchFileException e) {
      throw new KeyConfigurationException("keys file " + file + ": no such file", e);
    }
  }

  /**
   * Writes keys to a new file, readable by its owner only (0600); never replaces an existing one.
   *
   * @return whether the file was written (false: a file of that name exists)
   * @throws KeyConfigurationException if it cannot be written
   */
  public static boolean writeNewFile(final Path file, final Keyring keyring) {
    return KeysFile.createIfAbsent(file, keyring);
  }

  /** Whether two keyrings hold the same keys (data keys, primary, deterministic key, salt, JWT pair). */
  public static boolean sameKeys(final Keyring a, final Keyring b) {
    return KeysFile.toJson(a).equals(KeysFile.toJson(b));
  }

  /** The keys file of a configuration: {@code encryption.keys-file}, or {@code keys.json} in the state folder. */
  public static Path keysFile(final CommanderConfig config) {
    return config.encryptionKeysFile().orElseGet(() -> config.stateDir().resolve(DEFAULT_FILE_NAME));
  }

  /**
   * The variables that carry a keyring, in the form this loader reads: what an operator sets to
   * move keys out of the keys file, or after a rotation when keys come from the environment.
   * The values are secrets: print them only where the operator asked for them.
   */
  public static Map<String, String> environment(final Keyring keyring) {
    final Base64.Encoder base64 = Base64.getEncoder();
    final Map<String, byte[]> dataKeys = keyring.rawDataKeys();
    final List<String> retired = new ArrayList<>();
    for (String id : keyring.retiredKeyIds()) {
      retired.add(id + ":" + base64.encodeToString(dataKeys.get(id)));
    }
    final Map<String, String> env = new LinkedHashMap<>();
    env.put(PRIMARY_KEY_ENV, keyring.primaryKeyId() + ":" + base64.encodeToString(dataKeys.get(keyring.primaryKeyId())));
    env.put(RETIRED_KEYS_ENV, String.join(",", retired));
    env.put(DETERMINISTIC_KEY_ENV, keyring.deterministicKeyId() + ":" + base64.encodeToString(keyring.rawDeterministicKey()));
    env.put(KEY_DERIVATION_SALT_ENV, base64.encodeToString(keyring.rawKeyDerivationSalt()));
    env.put(JWT_PRIVATE_KEY_ENV, keyring.jwtPrivateKeyPem());
    env.put(JWT_PUBLIC_KEY_ENV, keyring.jwtPublicKeyPem());
    return env;
  }

  private static Loaded loaded(final Loaded loaded) {
    LOG.info("encryption keys loaded [source: {}, primary: {}, retired: {}{}]", loaded.source().name().toLowerCase(),
        loaded.keyring().primaryKeyId(), loaded.keyring().retiredKeyIds(),
        loaded.source() == Source.ENVIRONMENT ? "" : ", file: " + loaded.file());
    return loaded;
  }

  private static Loaded generate(final Path file) {
    if (!KeysFile.createIfAbsent(file, Keyring.generate())) {
      // Another process sharing this folder generated them a moment ago: use theirs.
      try {
        return loaded(new Loaded(KeysFile.read(file), Source.FILE, file));
      } catch (NoSuchFileException e) {
        throw new KeyConfigurationException("keys file " + file + ": disappeared while it was being created", e);
      }
    }
    final Keyring keyring;
    try {
      keyring = KeysFile.read(file);
    } catch (NoSuchFileException e) {
      throw new KeyConfigurationException("keys file " + file + ": disappeared right after it was written", e);
    }
    LOG.warn("""

        ******************************************************************************************
        ENCRYPTION KEYS GENERATED: {}
        Commander encrypts credentials in its database (registry passwords, SSH keys, kubeconfigs)
        and signs sessions with these keys. WITHOUT THEM THE DATABASE CANNOT BE READ, and backups
        of it are useless. Back this file up now, apart from the database backups, or move the keys
        into the COMMANDER_ENCRYPTION_* variables (README, "Encryption keys"). This is not repeated.
        ******************************************************************************************""",
        file.toAbsolutePath());
    return new Loaded(keyring, Source.GENERATED, file);
  }

  /** The keys from the variables; empty if none is set; an error naming the gaps if only some are. */
  private static Optional<Keyring> fromEnvironment(final Map<String, String> env) {
    final List<String> missing = new ArrayList<>();
    final List<String> present = new ArrayList<>();
    for (String name : REQUIRED_ENV) {
      (isSet(env, name) ? present : missing).add(name);
    }
    if (present.isEmpty() && !isSet(env, RETIRED_KEYS_ENV)) {
      return Optional.empty();
    }
    if (!missing.isEmpty()) {
      throw new KeyConfigurationException("encryption keys from the environment are incomplete: "
          + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " not set (set all of "
          + String.join(", ", REQUIRED_ENV) + ", or none of them to use the keys file " + Setting.ENCRYPTION_KEYS_FILE.key()
          + ")");
    }
    final IdAndKey primary = idAndKey(env.get(PRIMARY_KEY_ENV), PRIMARY_KEY_ENV, "k1");
    final Map<String, byte[]> dataKeys = new LinkedHashMap<>();
    if (isSet(env, RETIRED_KEYS_ENV)) {
      for (String entry : env.get(RETIRED_KEYS_ENV).split(",")) {
        if (!entry.isBlank()) {
          final IdAndKey retired = idAndKey(entry, RETIRED_KEYS_ENV, null);
          if (retired.id().equals(primary.id())) {
            throw new KeyConfigurationException(RETIRED_KEYS_ENV + ": key " + retired.id() + " is also the primary key");
          }
          dataKeys.put(retired.id(), retired.key());
        }
      }
    }
    dataKeys.put(primary.id(), primary.key());
    final IdAndKey deterministic = idAndKey(env.get(DETERMINISTIC_KEY_ENV), DETERMINISTIC_KEY_ENV, "dk1");
    final byte[] salt = key(env.get(KEY_DERIVATION_SALT_ENV), KEY_DERIVATION_SALT_ENV);
    try {
      return Optional.of(new Keyring(primary.id(), dataKeys, deterministic.id(), deterministic.key(), salt,
          env.get(JWT_PRIVATE_KEY_ENV), env.get(JWT_PUBLIC_KEY_ENV)));
    } catch (IllegalArgumentException e) {
      throw new KeyConfigurationException("encryption keys from the environment (COMMANDER_ENCRYPTION_*): "
          + e.getMessage(), e);
    }
  }

  private record IdAndKey(String id, byte[] key) {
  }

  /** {@code <id>:<base64>}, or {@code <base64>} alone when a default id is given. */
  private static IdAndKey idAndKey(final String value, final String variable, final String defaultId) {
    final String text = value.strip();
    final int colon = text.indexOf(':');
    if (colon < 0 && defaultId == null) {
      throw new KeyConfigurationException(variable + ": each key must be written <id>:<base64>, e.g. k1:...");
    }
    final String id = colon < 0 ? defaultId : text.substring(0, colon).strip();
    if (!Keyring.KEY_ID.matcher(id).matches()) {
      throw new KeyConfigurationException(variable + ": '" + id + "' is not a key id (" + Keyring.KEY_ID.pattern() + ")");
    }
    return new IdAndKey(id, key(text.substring(colon + 1), variable + (colon < 0 ? "" : " (key " + id + ")")));
  }

  private static byte[] key(final String value, final String what) {
    try {
      return Keyring.decodeKey(value);
    } catch (IllegalArgumentException e) {
      throw new KeyConfigurationException(what + " " + e.getMessage(), e);
    }
  }

  private static boolean isSet(final Map<String, String> env, final String name) {
    final String value = env.get(name);
    return value != null && !value.isBlank();
  }
}
