package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.commander.core.config.CommanderConfig;
import io.commander.server.crypto.Keyring;
import io.commander.server.crypto.KeyringLoader;
import io.commander.testing.KafkaExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.commander.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A database opened with other keys than it was written with refuses to start, and says why. */
@ExtendWith(KafkaExtension.class)
@Timeout(120)
class KeysStartupTest {

  @Test
  void wrongKeysRefuseToStartWithTheClearMessage(final TestKafka kafka, @TempDir final Path state) {
    final TestDatabase db = TestPostgres.get().newDatabase("wrong_keys");
    final Map<String, String> first = new HashMap<>(TestCommanders.env(db, kafka, state));
    first.putAll(KeyringLoader.environment(Keyring.generate()));
    final CommanderConfig config = TestCommanders.config(first);
    Commander.start(config, first).stop();

    final Map<String, String> other = new HashMap<>(first);
    other.putAll(KeyringLoader.environment(Keyring.generate()));
    assertThatThrownBy(() -> Commander.start(TestCommanders.config(other), other))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("the encryption keys do not match this database")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

    // With the right keys again it starts: nothing was changed by the refused start.
    Commander.start(config, first).stop();
  }

  @Test
  void generatedKeysAreWrittenOnceAndReused(final TestKafka kafka, @TempDir final Path state) throws Exception {
    final TestDatabase db = TestPostgres.get().newDatabase("generated_keys");
    final Map<String, String> env = TestCommanders.env(db, kafka, state);
    Commander.start(TestCommanders.config(env), env).stop();
    final Path keys = state.resolve("keys.json");
    assertThat(keys).exists();
    final String written = Files.readString(keys);
    Commander.start(TestCommanders.config(env), env).stop();
    assertThat(Files.readString(keys)).isEqualTo(written);
  }
}
