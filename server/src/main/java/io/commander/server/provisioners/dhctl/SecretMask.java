package io.commander.server.provisioners.dhctl;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hides secret values in lines of dhctl output before they reach a task log or an error message.
 * Output arrives line by line, so a multi-line secret (a private key) is hidden line by line;
 * PEM armour lines and very short fragments are left alone, since they are not secret and hiding
 * them would garble ordinary output.
 */
final class SecretMask {

  static final String MASK = "******";
  private static final int SHORTEST_LINE_OF_MULTILINE_SECRET = 8;
  private static final int SHORTEST_SECRET = 4;

  private final List<String> fragments;

  SecretMask(final Collection<String> secrets) {
    final Set<String> found = new LinkedHashSet<>();
    for (final String secret : secrets) {
      if (secret == null) {
        continue;
      }
      if (secret.strip().contains("\n")) {
        secret.lines().map(String::strip)
            .filter(line -> line.length() >= SHORTEST_LINE_OF_MULTILINE_SECRET && !line.startsWith("-----"))
            .forEach(found::add);
      } else if (secret.strip().length() >= SHORTEST_SECRET) {
        found.add(secret.strip());
      }
    }
    // Longest first, so that a secret containing another one is hidden whole.
    this.fragments = found.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** {@code line} with every secret replaced by {@value #MASK}. */
  String apply(final String line) {
    String out = line;
    for (final String fragment : fragments) {
      if (out.contains(fragment)) {
        out = out.replace(fragment, MASK);
      }
    }
    return out;
  }
}
