package io.commander.server.crypto;

import io.commander.core.config.CommanderConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of a running process, reloadable: when {@code commander keys rotate} runs in another
 * process it writes a new primary key to the keys file and re-encrypts values under it; a value
 * under a key id this process does not know makes it read the keys file again (once, off the event
 * loop) and retry, so it keeps working through a rotation. Keys from the environment cannot be
 * reloaded. Thread-safe.
 */
public final class Keys {

  private static final Logger LOG = LoggerFactory.getLogger(Keys.class);

  private final Vertx vertx;
  private final KeyringLoader.Source source;
  private final Path file;
  private final AtomicReference<Encryptor> current;
  private Future<Encryptor> reloading;
  private FileStamp loadedStamp;

  /**
   * Keys already loaded.
   *
   * @param vertx runs the reload of the keys file on a worker thread
   * @param loaded the keys and where they came from
   */
  public Keys(final Vertx vertx, final KeyringLoader.Loaded loaded) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.source = loaded.source();
    this.file = loaded.file();
    this.current = new AtomicReference<>(new Encryptor(loaded.keyring()));
    this.loadedStamp = source == KeyringLoader.Source.ENVIRONMENT ? null : FileStamp.of(file);
  }

  /**
   * Loads the keys as {@link KeyringLoader#load} does. Blocking: call it at start-up, from {@code main}.
   *
   * @throws KeyConfigurationException as {@link KeyringLoader#load}
   */
  public static Keys load(final Vertx vertx, final CommanderConfig config, final Map<String, String> env) {
    return new Keys(vertx, KeyringLoader.load(config, env));
  }

  /** The encryptor over the keys known now. */
  public Encryptor current() {
    return current.get();
  }

  /** The keys known now: JWT keys, token hashing. */
  public Keyring keyring() {
    return current().keyring();
  }

  public KeyringLoader.Source source() {
    return source;
  }

  /** The keys file of this configuration (for messages; for {@code ENVIRONMENT} keys it is not read). */
  public Path file() {
    return file;
  }

  /** Encrypts under the current primary key; see {@link Encryptor#encrypt}. */
  public String encrypt(final String context, final String plaintext) {
    return current().encrypt(context, plaintext);
  }

  /** Encrypts deterministically; see {@link Encryptor#encryptDeterministic}. */
  public String encryptDeterministic(final String context, final String plaintext) {
    return current().encryptDeterministic(context, plaintext);
  }

  /**
   * Decrypts a stored value, reloading the keys file first if the value names a key id not known yet.
   *
   * @return a future of the plaintext; completed at once unless a reload was needed; failed with
   *     {@link DecryptionException} if the value does not decrypt with the (reloaded) keys
   */
  public Future<String> decrypt(final String context, final String stored) {
    try {
      return Future.succeededFuture(current().decrypt(context, stored));
    } catch (DecryptionException e) {
      if (e.reason() != DecryptionException.Reason.UNKNOWN_KEY) {
        return Future.failedFuture(e);
      }
      return reloadIfUnknown(e.keyId()).compose(encryptor -> {
        try {
          return Future.succeededFuture(encryptor.decrypt(context, stored));
        } catch (DecryptionException again) {
          return Future.failedFuture(again);
        }
      });
    }
  }

  /**
   * Makes sure a key id is known if the keys file has it: when it is unknown now, reads the keys
   * file again on a worker thread (concurrent callers share one read; an unchanged file is not
   * parsed again) and switches to it if it is consistent with the keys in use.
   *
   * @return a future of the encryptor to use; it may still not know the key id (then the value
   *     was written with keys this installation does not have). Never failed: a keys file that
   *     cannot be read is logged and the keys in memory are kept.
   */
  public Future<Encryptor> reloadIfUnknown(final String keyId) {
    final Encryptor known = current();
    if (known.keyring().knows(keyId) || source == KeyringLoader.Source.ENVIRONMENT) {
      return Future.succeededFuture(known);
    }
    synchronized (this) {
      if (reloading == null) {
        LOG.info("a value is encrypted under an unknown key, reading the keys file again [key: {}, file: {}]", keyId, file);
        reloading = vertx.executeBlocking(this::reload, false)
            .eventually(() -> {
              synchronized (this) {
                reloading = null;
              }
              return Future.succeededFuture();
            });
      }
      return reloading;
    }
  }

  /** Runs on a worker thread. */
  private Encryptor reload() {
    final Encryptor known = current();
    final FileStamp stamp = FileStamp.of(file);
    synchronized (this) {
      if (stamp != null && stamp.equals(loadedStamp)) {
        return known;
      }
    }
    final Keyring next;
    try {
      next = KeysFile.read(file);
    } catch (NoSuchFileException | KeyConfigurationException e) {
      LOG.warn("the keys file cannot be read again, keeping the keys in memory [file: {}]: {}", file, e.getMessage());
      return known;
    }
    if (!known.keyring().consistentWith(next)) {
      LOG.warn("the keys file now holds keys that contradict the ones in use (another installation's?), keeping the "
          + "keys in memory [file: {}]", file);
      return known;
    }
    final Encryptor reloaded = new Encryptor(next);
    current.set(reloaded);
    synchronized (this) {
      loadedStamp = stamp;
    }
    LOG.info("encryption keys reloaded [primary: {}, retired: {}, file: {}]", next.primaryKeyId(),
        next.retiredKeyIds(), file);
    return reloaded;
  }

  /** What tells one version of the keys file from the next without reading it. */
  private record FileStamp(Object fileKey, long modifiedNanos, long size) {

    static FileStamp of(final Path file) {
      try {
        final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileStamp(attributes.fileKey(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
            attributes.size());
      } catch (IOException e) {
        return null;
      }
    }
  }
}
