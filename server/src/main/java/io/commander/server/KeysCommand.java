package io.commander.server;

import io.commander.core.config.CommanderConfig;
import io.commander.server.crypto.Encryptor;
import io.commander.server.crypto.KeyConfigurationException;
import io.commander.server.crypto.KeyRotation;
import io.commander.server.crypto.KeyringLoader;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code commander keys rotate} and {@code commander keys reencrypt}: run beside live servers,
 * which pick up a rotated keys file when they first meet a value under the new key.
 */
final class KeysCommand {

  private KeysCommand() {
  }

  static void run(final boolean rotate, final CommanderConfig config, final CommanderConfig.Db db,
                  final Map<String, String> env, final PrintStream out) {
    final Encryptor target;
    if (rotate) {
      final KeyRotation.Rotated rotated = KeyRotation.rotateKeys(config, env);
      if (rotated.file().isEmpty()) {
        out.println("The keys come from environment variables, so nothing was written. Set these on every");
        out.println("Commander process (keep the old values nowhere else: they are in the retired list),");
        out.println("restart them, then run `commander keys reencrypt`:");
        rotated.environment().forEach((name, value) -> out.println(name + "=" + value));
        return;
      }
      out.println("new primary key " + rotated.keyring().primaryKeyId() + " written to " + rotated.file().get());
      target = new Encryptor(rotated.keyring());
    } else {
      target = new Encryptor(KeyringLoader.find(config, env).orElseThrow(() -> new KeyConfigurationException(
          "there are no keys: neither the COMMANDER_ENCRYPTION_* variables nor the keys file "
              + KeyringLoader.keysFile(config) + " exist")).keyring());
    }
    final Vertx vertx = Vertx.vertx();
    final Pool pool = Database.pool(vertx, db);
    try {
      final Map<String, Long> counts = new KeyRotation(pool).reencrypt(target).await(1, TimeUnit.HOURS);
      counts.forEach((column, n) -> out.println("re-encrypted " + n + " values of " + column + " under "
          + target.keyring().primaryKeyId()));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new StartupException("re-encryption did not finish within an hour; run `commander keys reencrypt` "
          + "again to continue", e);
    } finally {
      pool.close();
      vertx.close();
    }
  }
}
