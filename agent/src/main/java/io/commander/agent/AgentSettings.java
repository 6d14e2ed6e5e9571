package io.commander.agent;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * How an agent reaches its gateway. Read from the variables the installed agent's Deployment sets
 * (see the kubeconfig provisioner's AgentManifests).
 *
 * @param connectUrl the gateway's websocket URL ({@code ws(s)://host[:port]/agent/v1/connect})
 * @param token the cluster's agent token
 * @param caBundle PEM of the CA the gateway's certificate is signed by; empty = the JVM's trust store
 * @param backoffBase first reconnect delay, doubled per failed attempt
 * @param backoffCap longest reconnect delay
 */
public record AgentSettings(URI connectUrl, String token, String caBundle, Duration backoffBase, Duration backoffCap) {

  public static final String VERSION = "0.1.0";
  public static final String CONNECT_PATH = "/agent/v1/connect";

  /**
   * Settings for the Commander at a URL: only its scheme, host and port count (the installed
   * agent's server URL also names the cluster, which the token already says).
   */
  public static AgentSettings forServer(final String serverUrl, final String token, final String caBundle) {
    final URI server = URI.create(serverUrl);
    final String scheme = "https".equals(server.getScheme()) ? "wss" : "ws";
    // At most 15 s: an agent that failed all through a gateway's restart is back within 15 s of its
    // start (a 30 s cap kept the last of 10,000 away for half a minute after the gateway was ready), and
    // 10,000 of them retrying make under a thousand attempts a second: refused connects while nothing
    // listens, and 503s with Retry-After (which set the pace instead) while admission is full.
    return new AgentSettings(URI.create(scheme + "://" + server.getRawAuthority() + CONNECT_PATH), token, caBundle,
        Duration.ofSeconds(1), Duration.ofSeconds(15));
  }

  /** From the environment of an installed agent: COMMANDER_AGENT_SERVER_URL, _TOKEN and _CA_FILE. */
  public static AgentSettings fromEnvironment(final Map<String, String> env) throws java.io.IOException {
    final String caFile = env.getOrDefault("COMMANDER_AGENT_CA_FILE", "");
    final java.nio.file.Path ca = java.nio.file.Path.of(caFile);
    final String caBundle = !caFile.isBlank() && java.nio.file.Files.isReadable(ca) ? java.nio.file.Files.readString(ca) : "";
    return forServer(required(env, "COMMANDER_AGENT_SERVER_URL"), required(env, "COMMANDER_AGENT_TOKEN"), caBundle);
  }

  private static String required(final Map<String, String> env, final String name) {
    final String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return value;
  }
}
