package io.commander.agent.kubernetes;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How the kubernetes backend writes and how often it looks again. From the environment:
 *
 * <ul>
 *   <li>{@code COMMANDER_AGENT_APPLY_MODE}: {@code server-side} (default: server-side apply with field
 *       manager {@code commander-agent}, conflicts forced) or {@code update} (create, or merge the desired
 *       fields into the live object and replace it, guarded by its resourceVersion), for API servers that
 *       take no apply patches: fabric8's mock API server is one (it answers 404 to them);
 *   <li>{@code COMMANDER_AGENT_RESYNC_SECONDS}: how often every enforced resource is compared with the
 *       cluster and put back when it was deleted or changed (default 30); watches do it sooner;
 *   <li>{@code COMMANDER_AGENT_TELEMETRY_SECONDS}: the cluster is read for telemetry at most this often
 *       (default 30; the link asks every heartbeat).
 * </ul>
 *
 * @param serverSideApply whether objects are server-side applied (else created or updated)
 * @param resync period of the full comparison of enforced resources
 * @param telemetryInterval least time between two reads of the cluster's telemetry
 */
public record KubernetesSettings(boolean serverSideApply, Duration resync, Duration telemetryInterval) {

  public static final String SERVER_SIDE = "server-side";
  public static final String UPDATE = "update";

  public KubernetesSettings {
    if (resync.isNegative() || resync.isZero()) {
      throw new IllegalArgumentException("the resync period must be positive");
    }
    if (telemetryInterval.isNegative()) {
      throw new IllegalArgumentException("the telemetry interval must not be negative");
    }
  }

  public static KubernetesSettings defaults() {
    return new KubernetesSettings(true, Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  /**
   * Reads the settings.
   *
   * @throws IllegalArgumentException naming the variable whose value does not read
   */
  public static KubernetesSettings fromEnvironment(final Map<String, String> env) {
    final String mode = env.getOrDefault("COMMANDER_AGENT_APPLY_MODE", SERVER_SIDE).trim().toLowerCase(Locale.ROOT);
    if (!mode.equals(SERVER_SIDE) && !mode.equals(UPDATE)) {
      throw new IllegalArgumentException("COMMANDER_AGENT_APPLY_MODE is '" + mode + "', expected " + SERVER_SIDE
          + " or " + UPDATE);
    }
    return new KubernetesSettings(mode.equals(SERVER_SIDE), seconds(env, "COMMANDER_AGENT_RESYNC_SECONDS", 30, 1),
        seconds(env, "COMMANDER_AGENT_TELEMETRY_SECONDS", 30, 0));
  }

  private static Duration seconds(final Map<String, String> env, final String name, final double fallback,
                                  final double min) {
    final String text = env.get(name);
    if (text == null || text.isBlank()) {
      return Duration.ofMillis(Math.round(fallback * 1000));
    }
    try {
      final double value = Double.parseDouble(text.trim());
      if (Double.isNaN(value) || value < min || value > 86_400) {
        throw new IllegalArgumentException(name + " is '" + text + "', expected seconds from " + min + " to 86400");
      }
      return Duration.ofMillis(Math.round(value * 1000));
    } catch (final NumberFormatException e) {
      throw new IllegalArgumentException(name + " is '" + text + "', expected a number of seconds", e);
    }
  }
}
