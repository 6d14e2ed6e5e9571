package io.commander.renderer.params;

import java.util.Locale;
import java.util.Optional;

/** The value types of Commander's input-parameter schema; catalog fields hold records (objects). */
public enum ParamType {
  STRING,
  NUMBER,
  BOOLEAN,
  /** A record picked from a catalog: a JSON object carrying {@code x-commander-record-id}. */
  RECORD;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<ParamType> declared(final Object type) {
    if (!(type instanceof String s)) {
      return Optional.empty();
    }
    return switch (s) {
      case "string" -> Optional.of(STRING);
      case "number" -> Optional.of(NUMBER);
      case "boolean" -> Optional.of(BOOLEAN);
      default -> Optional.empty();
    };
  }
}
