package io.commander.server.provisioners;

import java.util.List;

/** What a check found different between the cluster and its rendered configuration (empty: in sync). */
public record Drift(List<String> differences) {

  public Drift {
    differences = List.copyOf(differences);
  }

  public boolean drifted() {
    return !differences.isEmpty();
  }
}
