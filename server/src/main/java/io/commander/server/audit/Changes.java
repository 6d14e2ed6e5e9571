package io.commander.server.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The changed fields of an audited change as {@code {"field": [old, new]}}. Fields whose names
 * mark them as secret are written as {@value #MASK}, whatever their value.
 */
public final class Changes {

  public static final String MASK = "****";
  private static final Set<String> SECRET_NAMES = Set.of("password", "token", "secret", "auth", "kubeconfig",
      "private_key", "token_hash", "password_hash", "ssh_private_key");

  private Changes() {
  }

  /** Every field of a new object, as {@code [null, value]}. */
  public static JsonObject created(final JsonObject fields) {
    return diff(new JsonObject(), fields);
  }

  /** Every field of a removed object, as {@code [value, null]}. */
  public static JsonObject deleted(final JsonObject fields) {
    return diff(fields, new JsonObject());
  }

  /** The fields that differ between two states of an object. */
  public static JsonObject diff(final JsonObject before, final JsonObject after) {
    final JsonObject out = new JsonObject();
    final Set<String> names = new TreeSet<>(before.fieldNames());
    names.addAll(after.fieldNames());
    for (String name : names) {
      final Object old = before.getValue(name);
      final Object now = after.getValue(name);
      if (!Objects.equals(old, now)) {
        out.put(name, secret(name) ? new JsonArray().add(old == null ? null : MASK).add(now == null ? null : MASK)
            : new JsonArray().add(old).add(now));
      }
    }
    return out;
  }

  /**
   * A copy of free-form settings (a ModuleConfig's, say) with the values of keys that look like secrets
   * ({@code password}, {@code clientSecret}, {@code bindPW}, {@code privateKey}, ...) masked, at any depth.
   */
  public static JsonObject masked(final JsonObject settings) {
    final JsonObject out = new JsonObject();
    settings.forEach(e -> out.put(e.getKey(), masked(e.getValue(), secretLike(e.getKey()))));
    return out;
  }

  /** Objects are gone into (their own keys decide); other values under a secret-looking key are masked. */
  private static Object masked(final Object value, final boolean secret) {
    if (value instanceof JsonObject o) {
      return masked(o);
    }
    if (value instanceof JsonArray a) {
      final JsonArray out = new JsonArray();
      a.forEach(v -> out.add(masked(v, secret)));
      return out;
    }
    return secret && value != null ? MASK : value;
  }

  private static boolean secretLike(final String key) {
    final String k = key.toLowerCase(java.util.Locale.ROOT);
    return secret(k) || k.contains("password") || k.contains("secret") || k.contains("token") || k.endsWith("pw")
        || k.endsWith("key") || k.contains("credential") || k.contains("passphrase") || k.equals("auth");
  }

  static boolean secret(final String field) {
    return SECRET_NAMES.contains(field) || field.endsWith("_encrypted") || field.endsWith("_password");
  }
}
