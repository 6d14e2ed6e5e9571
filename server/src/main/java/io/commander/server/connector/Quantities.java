package io.commander.server.connector;

import java.math.BigDecimal;

/** Kubernetes resource quantities ({@code 3800m}, {@code 16Gi}, {@code 123456789n}, {@code 1e9}) as plain numbers. */
final class Quantities {

  private Quantities() {
  }

  /** The quantity as a number (cores, bytes, pods), or null when absent or not a quantity. */
  static Double parse(final String quantity) {
    if (quantity == null || quantity.isBlank()) {
      return null;
    }
    final String q = quantity.trim();
    int end = q.length();
    while (end > 0 && Character.isLetter(q.charAt(end - 1))) {
      end--;
    }
    final String suffix = q.substring(end);
    try {
      if (suffix.isEmpty()) {
        return new BigDecimal(q).doubleValue();
      }
      return new BigDecimal(q.substring(0, end)).multiply(BigDecimal.valueOf(factor(suffix))).doubleValue();
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static double factor(final String suffix) {
    return switch (suffix) {
      case "n" -> 1e-9;
      case "u" -> 1e-6;
      case "m" -> 1e-3;
      case "k" -> 1e3;
      case "M" -> 1e6;
      case "G" -> 1e9;
      case "T" -> 1e12;
      case "P" -> 1e15;
      case "E" -> 1e18;
      case "Ki" -> 1024d;
      case "Mi" -> 1024d * 1024;
      case "Gi" -> 1024d * 1024 * 1024;
      case "Ti" -> 1024d * 1024 * 1024 * 1024;
      case "Pi" -> 1024d * 1024 * 1024 * 1024 * 1024;
      case "Ei" -> 1024d * 1024 * 1024 * 1024 * 1024 * 1024;
      default -> throw new NumberFormatException(suffix);
    };
  }
}
