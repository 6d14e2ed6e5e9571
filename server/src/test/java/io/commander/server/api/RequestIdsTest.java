package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A new request id is a version 4 UUID in its usual text, and ids do not repeat. */
class RequestIdsTest {

  @Test
  void newIdsAreDistinctVersion4Uuids() {
    final Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      final String id = RequestIds.newId();
      final UUID parsed = UUID.fromString(id);
      assertThat(parsed.version()).isEqualTo(4);
      assertThat(parsed.variant()).isEqualTo(2);
      assertThat(parsed.toString()).isEqualTo(id).hasSize(36);
      assertThat(seen.add(id)).as(id).isTrue();
    }
  }
}
