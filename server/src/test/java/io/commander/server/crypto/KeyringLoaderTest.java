package io.commander.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.commander.core.config.CommanderConfig;
import io.commander.core.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringLoaderTest {

  @TempDir
  Path dir;

  @Test
  void firstStartGeneratesAKeysFileOnceAndWarnsOnce() throws Exception {
    final CommanderConfig config = CryptoFixtures.config(dir.resolve("state"));
    final Path file = dir.resolve("state").resolve("keys.json");
    final KeyringLoader.Loaded first;
    final KeyringLoader.Loaded second;
    try (CryptoFixtures.CapturedLog log = CryptoFixtures.capture(KeyringLoader.class)) {
      first = KeyringLoader.load(config, Map.of());
      second = KeyringLoader.load(config, Map.of());
      assertThat(log.messages(Level.WARN)).singleElement().asString()
          .contains("ENCRYPTION KEYS GENERATED: " + file.toAbsolutePath())
          .contains("WITHOUT THEM THE DATABASE CANNOT BE READ")
          .contains("backups")
          .contains("Back this file up");
    }
    assertThat(first.source()).isEqualTo(KeyringLoader.Source.GENERATED);
    assertThat(first.file()).isEqualTo(file);
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(KeysFile.OWNER_ONLY);
    assertThat(second.source()).isEqualTo(KeyringLoader.Source.FILE);
    assertThat(second.keyring().hashToken("t")).isEqualTo(first.keyring().hashToken("t"));
    assertThat(second.keyring().jwtPrivateKeyPem()).isEqualTo(first.keyring().jwtPrivateKeyPem());
    final String stored = new Encryptor(first.keyring()).encrypt("ctx", "secret");
    assertThat(new Encryptor(second.keyring()).decrypt("ctx", stored)).isEqualTo("secret");
    assertThat(new Encryptor(second.keyring()).encryptDeterministic("ctx", "x"))
        .isEqualTo(new Encryptor(first.keyring()).encryptDeterministic("ctx", "x"));
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left behind")
          .containsExactly("keys.json");
    }
  }

  @Test
  void processesStartingTogetherAgreeOnOneKeyring() throws Exception {
    final CommanderConfig config = CryptoFixtures.config(dir);
    final ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      final Callable<String> load = () -> KeyringLoader.load(config, Map.of()).keyring().hashToken("t");
      final List<String> hashes = new ArrayList<>();
      for (Future<String> result : threads.invokeAll(List.of(load, load, load, load))) {
        hashes.add(result.get());
      }
      assertThat(hashes).containsOnly(KeyringLoader.load(config, Map.of()).keyring().hashToken("t"));
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void theKeysFileSettingMovesTheFile() {
    final Path elsewhere = dir.resolve("secrets").resolve("commander-keys.json");
    final CommanderConfig config = ConfigLoader.load(Map.of("COMMANDER_STATE_DIR", dir.resolve("state").toString(),
        "COMMANDER_ENCRYPTION_KEYS_FILE", elsewhere.toString()), Optional.empty());
    assertThat(config.encryptionKeysFile()).contains(elsewhere);
    assertThat(KeyringLoader.load(config, Map.of()).file()).isEqualTo(elsewhere);
    assertThat(elsewhere).exists();
    assertThat(dir.resolve("state").resolve("keys.json")).doesNotExist();
    assertThat(CryptoFixtures.config(dir).encryptionKeysFile()).isEmpty();
  }

  @Test
  void jwtKeysArePemForEs256() throws Exception {
    final Keyring keyring = Keyring.generate();
    assertThat(keyring.jwtPrivateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n")
        .endsWith("-----END PRIVATE KEY-----\n");
    assertThat(keyring.jwtPublicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n")
        .endsWith("-----END PUBLIC KEY-----\n");
    final KeyFactory ec = KeyFactory.getInstance("EC");
    final ECPrivateKey privateKey = (ECPrivateKey) ec.generatePrivate(
        new PKCS8EncodedKeySpec(Pem.decode(Pem.PRIVATE_KEY, keyring.jwtPrivateKeyPem())));
    final ECPublicKey publicKey = (ECPublicKey) ec.generatePublic(
        new X509EncodedKeySpec(Pem.decode(Pem.PUBLIC_KEY, keyring.jwtPublicKeyPem())));
    assertThat(privateKey.getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    assertThat(publicKey.getParams().getOrder()).isEqualTo(privateKey.getParams().getOrder());
  }

  @Test
  void environmentKeysWinOverTheFile() {
    final CommanderConfig config = CryptoFixtures.config(dir);
    final Keyring inFile = KeyringLoader.load(config, Map.of()).keyring();
    final Keyring inEnv = Keyring.generate().rotate();
    final KeyringLoader.Loaded loaded = KeyringLoader.load(config, KeyringLoader.environment(inEnv));
    assertThat(loaded.source()).isEqualTo(KeyringLoader.Source.ENVIRONMENT);
    assertThat(loaded.keyring().hashToken("t")).isEqualTo(inEnv.hashToken("t")).isNotEqualTo(inFile.hashToken("t"));
    assertThat(loaded.keyring().primaryKeyId()).isEqualTo("k2");
    assertThat(loaded.keyring().retiredKeyIds()).containsExactly("k1");
    final String stored = new Encryptor(inEnv).encrypt("ctx", "secret");
    assertThat(new Encryptor(loaded.keyring()).decrypt("ctx", stored)).isEqualTo("secret");
  }

  @Test
  void environmentKeysNeedNoIdsAndNoFile() {
    final Map<String, String> env = new HashMap<>(KeyringLoader.environment(Keyring.generate()));
    env.put(KeyringLoader.PRIMARY_KEY_ENV, env.get(KeyringLoader.PRIMARY_KEY_ENV).substring("k1:".length()));
    env.put(KeyringLoader.DETERMINISTIC_KEY_ENV, env.get(KeyringLoader.DETERMINISTIC_KEY_ENV).substring("dk1:".length()));
    env.put(KeyringLoader.RETIRED_KEYS_ENV, "");
    // As some secret stores deliver them: line breaks written as \n.
    env.put(KeyringLoader.JWT_PRIVATE_KEY_ENV, env.get(KeyringLoader.JWT_PRIVATE_KEY_ENV).replace("\n", "\\n"));
    final KeyringLoader.Loaded loaded = KeyringLoader.load(CryptoFixtures.config(dir), env);
    assertThat(loaded.keyring().primaryKeyId()).isEqualTo("k1");
    assertThat(loaded.keyring().jwtPrivateKeyPem()).as("handed on as proper PEM").startsWith("-----BEGIN PRIVATE KEY-----\n")
        .doesNotContain("\\n");
    assertThat(loaded.keyring().deterministicKeyId()).isEqualTo("dk1");
    assertThat(dir.resolve("keys.json")).as("nothing is generated").doesNotExist();
  }

  @Test
  void partialEnvironmentNamesWhatIsMissing() {
    final Map<String, String> env = Map.of(KeyringLoader.PRIMARY_KEY_ENV,
        KeyringLoader.environment(Keyring.generate()).get(KeyringLoader.PRIMARY_KEY_ENV));
    assertThatThrownBy(() -> KeyringLoader.load(CryptoFixtures.config(dir), env))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessage("encryption keys from the environment are incomplete: COMMANDER_ENCRYPTION_DETERMINISTIC_KEY, "
            + "COMMANDER_ENCRYPTION_KEY_DERIVATION_SALT, COMMANDER_ENCRYPTION_JWT_PRIVATE_KEY, "
            + "COMMANDER_ENCRYPTION_JWT_PUBLIC_KEY are not set (set all of COMMANDER_ENCRYPTION_PRIMARY_KEY, "
            + "COMMANDER_ENCRYPTION_DETERMINISTIC_KEY, COMMANDER_ENCRYPTION_KEY_DERIVATION_SALT, "
            + "COMMANDER_ENCRYPTION_JWT_PRIVATE_KEY, COMMANDER_ENCRYPTION_JWT_PUBLIC_KEY, or none of them to use the "
            + "keys file encryption.keys-file)");
    assertThat(dir.resolve("keys.json")).as("no keys are generated beside broken variables").doesNotExist();
  }

  @Test
  void malformedEnvironmentNamesTheVariableButNotTheValue() {
    final Map<String, String> good = KeyringLoader.environment(Keyring.generate());
    assertThatThrownBy(() -> KeyringLoader.load(CryptoFixtures.config(dir),
        with(good, KeyringLoader.KEY_DERIVATION_SALT_ENV, "c2hvcnQ=")))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessageStartingWith("COMMANDER_ENCRYPTION_KEY_DERIVATION_SALT must be 32 bytes, base64-encoded, not 5 bytes");
    assertThatThrownBy(() -> KeyringLoader.load(CryptoFixtures.config(dir),
        with(good, KeyringLoader.PRIMARY_KEY_ENV, "k1:not*base64")))
        .hasMessageStartingWith("COMMANDER_ENCRYPTION_PRIMARY_KEY (key k1) is not base64")
        .hasMessageNotContaining("not*base64");
    assertThatThrownBy(() -> KeyringLoader.load(CryptoFixtures.config(dir),
        with(good, KeyringLoader.RETIRED_KEYS_ENV, good.get(KeyringLoader.PRIMARY_KEY_ENV))))
        .hasMessage("COMMANDER_ENCRYPTION_RETIRED_KEYS: key k1 is also the primary key");
    assertThatThrownBy(() -> KeyringLoader.load(CryptoFixtures.config(dir),
        with(good, KeyringLoader.JWT_PUBLIC_KEY_ENV, Keyring.generate().jwtPublicKeyPem())))
        .hasMessage("encryption keys from the environment (COMMANDER_ENCRYPTION_*): the JWT private and public keys "
            + "do not belong together");
    assertThatThrownBy(() -> KeyringLoader.load(CryptoFixtures.config(dir),
        with(good, KeyringLoader.JWT_PRIVATE_KEY_ENV, "-----BEGIN RSA PRIVATE KEY-----")))
        .hasMessageContaining("the JWT private key is not a PEM block '-----BEGIN PRIVATE KEY-----'");
  }

  @Test
  void aBrokenKeysFileStopsTheLoadAndIsNeverReplaced() throws Exception {
    final Path file = dir.resolve("keys.json");
    Files.writeString(file, "{\"format\": 1, \"primaryKeyId\": \"k1\"}");
    assertThatThrownBy(() -> KeyringLoader.load(CryptoFixtures.config(dir), Map.of()))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessage("keys file " + file + ": dataKeys is missing");
    Files.writeString(file, "not json");
    assertThatThrownBy(() -> KeyringLoader.load(CryptoFixtures.config(dir), Map.of()))
        .hasMessage("keys file " + file + ": not valid JSON");
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("not json");
  }

  @Test
  void aKeysFileRoundTrips() throws Exception {
    final Keyring keyring = Keyring.generate().rotate();
    final Path file = dir.resolve("keys.json");
    KeysFile.replace(file, keyring);
    final Keyring read = KeysFile.read(file);
    assertThat(read.toString()).isEqualTo(keyring.toString());
    assertThat(read.consistentWith(keyring)).isTrue();
    assertThat(KeysFile.toJson(read)).isEqualTo(KeysFile.toJson(keyring));
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(KeysFile.OWNER_ONLY);
  }

  private static Map<String, String> with(final Map<String, String> env, final String name, final String value) {
    final Map<String, String> changed = new HashMap<>(env);
    changed.put(name, value);
    return changed;
  }
}
