package io.commander.server.clusters;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What Deckhouse Commander's clients read of a cluster from its rendered configuration: its type
 * ({@code ClusterConfiguration.clusterType}) and how to reach its masters over SSH ({@code SSHConfig}
 * and every {@code SSHHost} of the ssh section, as dhctl connects).
 *
 * @param clusterType {@code cloud} or {@code static}; empty when the kubernetes section names none
 * @param connectionHosts {@code {"masters": [{"host", "user", "port"}]}}, masters empty without an ssh section
 */
public record ClusterFacts(Optional<String> clusterType, JsonObject connectionHosts) {

  private static final int SSH_PORT = 22;

  /** The facts of the rendered sections ({@code kubernetes}, {@code ssh}, ...); documents that don't parse are skipped. */
  public static ClusterFacts of(final Map<String, String> sections) {
    Optional<String> type = Optional.empty();
    for (Map<?, ?> doc : documents(sections.get("kubernetes"))) {
      if ("ClusterConfiguration".equals(doc.get("kind")) && doc.get("clusterType") instanceof String t) {
        type = Optional.of(t.toLowerCase(java.util.Locale.ROOT)).filter(v -> v.equals("cloud") || v.equals("static"));
      }
    }
    String user = null;
    int port = SSH_PORT;
    final List<String> hosts = new ArrayList<>();
    for (Map<?, ?> doc : documents(sections.get("ssh"))) {
      if ("SSHConfig".equals(doc.get("kind"))) {
        user = doc.get("sshUser") instanceof String u ? u : user;
        port = doc.get("sshPort") instanceof Number p ? p.intValue() : port;
      } else if ("SSHHost".equals(doc.get("kind")) && doc.get("host") instanceof String h) {
        hosts.add(h);
      }
    }
    final JsonArray masters = new JsonArray();
    for (String host : hosts) {
      masters.add(new JsonObject().put("host", host).put("user", user).put("port", port));
    }
    return new ClusterFacts(type, new JsonObject().put("masters", masters));
  }

  private static List<Map<?, ?>> documents(final String text) {
    final List<Map<?, ?>> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    try {
      for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
        if (doc instanceof Map<?, ?> map) {
          out.add(map);
        }
      }
    } catch (RuntimeException notYaml) {
      // An invalid rendering is reported by validation (render_errors); it has no facts to give.
    }
    return out;
  }
}
