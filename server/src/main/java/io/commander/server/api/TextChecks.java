package io.commander.server.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Checks on text that the JSON schema of the contract cannot express. */
final class TextChecks {

  private TextChecks() {
  }

  /**
   * The JSON pointer of the first string (value or key) holding U+0000, or null if none does.
   *
   * @param pointer the pointer of {@code node} itself
   */
  static String nulCharacter(final Object node, final String pointer) {
    if (node instanceof String text) {
      return text.indexOf('\0') >= 0 ? pointer : null;
    }
    if (node instanceof JsonObject object) {
      for (Map.Entry<String, Object> e : object) {
        final String child = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
        if (e.getKey().indexOf('\0') >= 0) {
          return child;
        }
        final String found = nulCharacter(e.getValue(), child);
        if (found != null) {
          return found;
        }
      }
    }
    if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        final String found = nulCharacter(array.getValue(i), pointer + "/" + i);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
