package io.commander.server.provisioners;

import java.util.List;

/**
 * What an apply would do. {@code destructive} lists the changes that destroy nodes or
 * infrastructure: a change with any needs an approval keyed by the SHA-256 of that list.
 */
public record Plan(List<String> changes, List<String> destructive) {

  public Plan {
    changes = List.copyOf(changes);
    destructive = List.copyOf(destructive);
  }

  public boolean isDestructive() {
    return !destructive.isEmpty();
  }
}
