package io.commander.server.clusters;

import io.commander.renderer.cluster.ClusterRenderer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

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
    for (Map<String, ScalarNode> doc : documents(sections.get("kubernetes"))) {
      final String clusterType = string(doc.get("clusterType"));
      if ("ClusterConfiguration".equals(string(doc.get("kind"))) && clusterType != null) {
        type = Optional.of(clusterType.toLowerCase(java.util.Locale.ROOT))
            .filter(v -> v.equals("cloud") || v.equals("static"));
      }
    }
    String user = null;
    int port = SSH_PORT;
    final List<String> hosts = new ArrayList<>();
    for (Map<String, ScalarNode> doc : documents(sections.get("ssh"))) {
      final String kind = string(doc.get("kind"));
      if ("SSHConfig".equals(kind)) {
        final String sshUser = string(doc.get("sshUser"));
        final Integer sshPort = integer(doc.get("sshPort"));
        user = sshUser == null ? user : sshUser;
        port = sshPort == null ? port : sshPort;
      } else if ("SSHHost".equals(kind)) {
        Optional.ofNullable(string(doc.get("host"))).ifPresent(hosts::add);
      }
    }
    final JsonArray masters = new JsonArray();
    for (String host : hosts) {
      masters.add(new JsonObject().put("host", host).put("user", user).put("port", port));
    }
    return new ClusterFacts(type, new JsonObject().put("masters", masters));
  }

  /**
   * The top-level scalar fields of each mapping document, read by the renderer's own composer (the
   * rendering was already read so when it was validated; no SnakeYAML object is built per call).
   */
  private static List<Map<String, ScalarNode>> documents(final String text) {
    final List<Map<String, ScalarNode>> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (Node doc : ClusterRenderer.documents(text)) {
      if (doc instanceof MappingNode mapping) {
        final Map<String, ScalarNode> fields = new HashMap<>();
        for (NodeTuple field : mapping.getValue()) {
          if (field.getKeyNode() instanceof ScalarNode key && field.getValueNode() instanceof ScalarNode value) {
            // A key given twice is the last one, as YAML loaders read it.
            fields.put(key.getValue(), value);
          }
        }
        out.add(fields);
      }
    }
    return out;
  }

  /** A text value, as YAML reads it (a quoted or plain string; not a number, boolean or null). */
  private static String string(final ScalarNode node) {
    return node != null && Tag.STR.equals(node.getTag()) ? node.getValue() : null;
  }

  /** An integer value in decimal, as YAML reads {@code 22}; null for anything else. */
  private static Integer integer(final ScalarNode node) {
    if (node == null || !Tag.INT.equals(node.getTag())) {
      return null;
    }
    try {
      return Integer.valueOf(node.getValue().replace("_", ""));
    } catch (final NumberFormatException notDecimal) {
      return null;
    }
  }
}
