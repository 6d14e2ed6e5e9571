package io.commander.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is what operators read: it must list every setting. */
class ReadmeTest {

  @Test
  void configurationTableListsEverySetting() throws IOException {
    final Path readme = Path.of(System.getProperty("commander.project.root", "..")).resolve("README.md");
    final String text = Files.readString(readme);
    for (Setting s : Setting.values()) {
      assertThat(text).as("README documents %s", s.key()).contains("`" + s.key() + "`").contains("`" + s.envName() + "`");
    }
  }
}
