package io.commander.server.crypto;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys file: JSON, readable by its owner only (0600). It is always written whole to a
 * temporary file and then moved into place, so a reader sees the old file or the new one, never
 * half of one. Blocking: call it from {@code main}, the command line or a worker thread.
 *
 * <pre>{@code
 * {
 *   "format": 1,
 *   "comment": "...",
 *   "primaryKeyId": "k2",
 *   "dataKeys": { "k1": "<base64>", "k2": "<base64>" },
 *   "deterministicKeyId": "dk1",
 *   "deterministicKey": "<base64>",
 *   "keyDerivationSalt": "<base64>",
 *   "jwtPrivateKey": "-----BEGIN PRIVATE KEY-----...",
 *   "jwtPublicKey": "-----BEGIN PUBLIC KEY-----..."
 * }
 * }</pre>
 */
final class KeysFile {

  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private static final Logger LOG = LoggerFactory.getLogger(KeysFile.class);
  private static final int FORMAT = 1;
  private static final String COMMENT = "Commander's encryption and signing keys. Without them the database "
      + "cannot be read: keep a copy somewhere safe, apart from the database backups.";

  private KeysFile() {
  }

  /**
   * Reads a keys file.
   *
   * @throws NoSuchFileException if there is no such file
   * @throws KeyConfigurationException if it cannot be read or is malformed
   */
  static Keyring read(final Path file) throws NoSuchFileException {
    final String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw new KeyConfigurationException("keys file " + file + ": cannot be read: " + e.getMessage(), e);
    }
    warnIfReadableByOthers(file);
    final JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException e) {
      throw new KeyConfigurationException("keys file " + file + ": not valid JSON", e);
    }
    final Object format = json.getValue("format");
    if (!Integer.valueOf(FORMAT).equals(format)) {
      throw new KeyConfigurationException("keys file " + file + ": format is " + format + ", this Commander reads "
          + FORMAT);
    }
    final JsonObject dataKeys = field(json, file, "dataKeys", JsonObject.class);
    final Map<String, byte[]> keys = new LinkedHashMap<>();
    for (String id : dataKeys.fieldNames()) {
      keys.put(id, key(dataKeys.getValue(id), file, "dataKeys." + id));
    }
    try {
      return new Keyring(field(json, file, "primaryKeyId", String.class), keys,
          field(json, file, "deterministicKeyId", String.class),
          key(json.getValue("deterministicKey"), file, "deterministicKey"),
          key(json.getValue("keyDerivationSalt"), file, "keyDerivationSalt"),
          field(json, file, "jwtPrivateKey", String.class), field(json, file, "jwtPublicKey", String.class));
    } catch (IllegalArgumentException e) {
      throw new KeyConfigurationException("keys file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a new keys file unless one exists already (another process may be creating it at the
   * same moment: exactly one of them wins).
   *
   * @return whether this call created the file
   * @throws KeyConfigurationException if it cannot be written
   */
  static boolean createIfAbsent(final Path file, final Keyring keyring) {
    final Path temporary = writeTemporary(file, keyring);
    try {
      // A hard link never replaces an existing file, unlike a rename.
      Files.createLink(file, temporary);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | IOException e) {
      try {
        Files.move(temporary, file);
        return true;
      } catch (FileAlreadyExistsException exists) {
        return false;
      } catch (IOException moveFailed) {
        throw new KeyConfigurationException("keys file " + file + ": cannot be written: " + moveFailed.getMessage(),
            moveFailed);
      }
    } finally {
      deleteQuietly(temporary);
    }
  }

  /**
   * Replaces the keys file atomically.
   *
   * @throws KeyConfigurationException if it cannot be written
   */
  static void replace(final Path file, final Keyring keyring) {
    final Path temporary = writeTemporary(file, keyring);
    try {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(temporary);
      throw new KeyConfigurationException("keys file " + file + ": cannot be replaced: " + e.getMessage(), e);
    }
  }

  /**
   * Runs an action holding an exclusive lock on {@code <file>.lock}, so that two rotations on one
   * machine (or one shared volume) cannot both derive a new key from the same old file.
   */
  static <T> T locked(final Path file, final Supplier<T> action) {
    final Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    try {
      createParent(file);
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        final FileLock lock = channel.lock();
        try {
          return action.get();
        } finally {
          lock.release();
        }
      }
    } catch (IOException e) {
      throw new KeyConfigurationException("keys file " + file + ": cannot lock " + lockFile + ": " + e.getMessage(), e);
    }
  }

  static String toJson(final Keyring keyring) {
    final JsonObject dataKeys = new JsonObject();
    keyring.rawDataKeys().forEach((id, key) -> dataKeys.put(id, Base64.getEncoder().encodeToString(key)));
    return new JsonObject()
        .put("format", FORMAT)
        .put("comment", COMMENT)
        .put("primaryKeyId", keyring.primaryKeyId())
        .put("dataKeys", dataKeys)
        .put("deterministicKeyId", keyring.deterministicKeyId())
        .put("deterministicKey", Base64.getEncoder().encodeToString(keyring.rawDeterministicKey()))
        .put("keyDerivationSalt", Base64.getEncoder().encodeToString(keyring.rawKeyDerivationSalt()))
        .put("jwtPrivateKey", keyring.jwtPrivateKeyPem())
        .put("jwtPublicKey", keyring.jwtPublicKeyPem())
        .encodePrettily() + "\n";
  }

  private static Path writeTemporary(final Path file, final Keyring keyring) {
    try {
      final Path dir = createParent(file);
      final boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
      final FileAttribute<?>[] attributes = posix
          ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
      final Path temporary = Files.createTempFile(dir, "." + file.getFileName() + "-", ".tmp", attributes);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(toJson(keyring).getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
      }
      return temporary;
    } catch (IOException e) {
      throw new KeyConfigurationException("keys file " + file + ": cannot be written: " + e.getMessage(), e);
    }
  }

  private static Path createParent(final Path file) throws IOException {
    final Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    return dir;
  }

  private static <T> T field(final JsonObject json, final Path file, final String name, final Class<T> type) {
    final Object value = json.getValue(name);
    if (value == null) {
      throw new KeyConfigurationException("keys file " + file + ": " + name + " is missing");
    }
    if (!type.isInstance(value)) {
      throw new KeyConfigurationException("keys file " + file + ": " + name + " must be "
          + (type == String.class ? "a string" : "an object"));
    }
    return type.cast(value);
  }

  private static byte[] key(final Object value, final Path file, final String name) {
    if (!(value instanceof String text)) {
      throw new KeyConfigurationException("keys file " + file + ": " + name
          + (value == null ? " is missing" : " must be a base64 string"));
    }
    try {
      return Keyring.decodeKey(text);
    } catch (IllegalArgumentException e) {
      throw new KeyConfigurationException("keys file " + file + ": " + name + " " + e.getMessage(), e);
    }
  }

  private static void warnIfReadableByOthers(final Path file) {
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")
          && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
        LOG.warn("the keys file can be read by others than its owner; restrict it with chmod 600 [file: {}]", file);
      }
    } catch (IOException e) {
      LOG.debug("cannot read the permissions of the keys file [file: {}]: {}", file, e.getMessage());
    }
  }

  private static void deleteQuietly(final Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.debug("cannot delete a temporary keys file [file: {}]: {}", path, e.getMessage());
    }
  }
}
