package io.commander.server.provisioners.kubeconfig;

import io.commander.server.provisioners.ProvisionerException;
import io.commander.server.provisioners.ProvisionerException.Reason;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The kubeconfig provisioner's settings, read from {@code Job#settings()}:
 *
 * <ul>
 *   <li>{@code request-timeout}: seconds one API request may take (default 10);
 *   <li>{@code connect-timeout}: seconds to open a connection to the API server (default 5);
 *   <li>{@code request-retries}: retries of a request that failed on the network or with a 5xx
 *       (default 2, with a backoff starting at 250 ms);
 *   <li>{@code apply-mode}: {@code server-side} (default: server-side apply with field manager
 *       {@code commander}, conflicts forced) or {@code merge} (create, or a JSON merge patch of what
 *       exists), for API servers or proxies that do not take apply patches; a merge never removes a
 *       field Commander stopped rendering.
 * </ul>
 *
 * @param requestTimeout per request
 * @param connectTimeout per connection
 * @param retries retries of a failed request
 * @param serverSideApply whether changes are server-side applied (else merged)
 */
public record KubeconfigSettings(Duration requestTimeout, Duration connectTimeout, int retries,
                                 boolean serverSideApply) {

  public static final String REQUEST_TIMEOUT = "request-timeout";
  public static final String CONNECT_TIMEOUT = "connect-timeout";
  public static final String REQUEST_RETRIES = "request-retries";
  public static final String APPLY_MODE = "apply-mode";

  /**
   * Reads the settings.
   *
   * @throws ProvisionerException PERMANENT naming the setting whose value does not read
   */
  public static KubeconfigSettings from(final Map<String, String> settings) {
    final String mode = settings.getOrDefault(APPLY_MODE, "server-side").trim().toLowerCase(Locale.ROOT);
    if (!mode.equals("server-side") && !mode.equals("merge")) {
      throw invalid(APPLY_MODE, mode, "server-side or merge");
    }
    final int retries = (int) number(settings, REQUEST_RETRIES, 2, 0, 10);
    return new KubeconfigSettings(seconds(settings, REQUEST_TIMEOUT, 10), seconds(settings, CONNECT_TIMEOUT, 5),
        retries, mode.equals("server-side"));
  }

  private static Duration seconds(final Map<String, String> settings, final String key, final double fallback) {
    return Duration.ofMillis(Math.round(number(settings, key, fallback, 0.001, 3600) * 1000));
  }

  private static double number(final Map<String, String> settings, final String key, final double fallback,
                               final double min, final double max) {
    final String text = settings.get(key);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      final double value = Double.parseDouble(text.trim());
      if (value < min || value > max || Double.isNaN(value)) {
        throw invalid(key, text, "a number from " + min + " to " + max);
      }
      return value;
    } catch (final NumberFormatException e) {
      throw invalid(key, text, "a number");
    }
  }

  private static ProvisionerException invalid(final String key, final String value, final String expected) {
    return new ProvisionerException(Reason.PERMANENT,
        "kubeconfig provisioner setting '" + key + "' is '" + value + "', expected " + expected);
  }
}
