package io.commander.renderer.kinds;

import io.commander.renderer.cluster.RenderProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The schemas of the Deckhouse Kubernetes Platform kinds a cluster template renders, read once
 * from {@code kinds/*.yaml} on the classpath, and the check of one rendered document against
 * them. Documents of kinds without a schema are not checked: any Kubernetes manifest may appear
 * among a template's resources.
 */
public final class KindSchemas {

  /** The kinds with a schema file of that name. */
  static final List<String> KINDS = List.of("ClusterConfiguration", "InitConfiguration", "StaticClusterConfiguration",
      "OpenStackClusterConfiguration", "YandexClusterConfiguration", "AWSClusterConfiguration",
      "AzureClusterConfiguration", "GCPClusterConfiguration", "VsphereClusterConfiguration", "VCDClusterConfiguration",
      "SSHConfig", "SSHHost", "ModuleConfig", "NodeGroup", "StaticInstance", "SSHCredentials");
  private static final String DIRECTORY = "/io/commander/renderer/kinds/";
  private static final KindSchema TEXT = KindSchema.parse(Map.of("type", "string"), Map.of(), "apiVersion");

  /** Each kind's schema by apiVersion, in file order. */
  private final Map<String, Map<String, KindSchema>> kinds;

  private KindSchemas(final Map<String, Map<String, KindSchema>> kinds) {
    this.kinds = kinds;
  }

  private static final class Holder {
    private static final KindSchemas DKP = load();
  }

  /**
   * The schemas shipped with Commander.
   *
   * @throws IllegalStateException (on first use) when a schema file is missing or malformed
   */
  public static KindSchemas dkp() {
    return Holder.DKP;
  }

  /** The kinds this set has schemas for. */
  public Set<String> kinds() {
    return kinds.keySet();
  }

  /**
   * Checks one rendered document against its kind's schema.
   *
   * @param section the section the document is in, for the problems
   * @param document the document's index within the section
   * @return the schema violations, in the order of the text; empty for documents of other kinds
   *     and for documents without apiVersion or kind (which are a problem of their own)
   */
  public List<RenderProblem> check(final String section, final int document, final MappingNode node) {
    final Optional<ScalarNode> apiVersion = field(node, "apiVersion");
    final Optional<ScalarNode> kind = field(node, "kind");
    if (apiVersion.isEmpty() || kind.isEmpty() || !kinds.containsKey(kind.get().getValue())) {
      return List.of();
    }
    final String name = kind.get().getValue();
    final KindSchema schema = kinds.get(name).get(apiVersion.get().getValue());
    if (schema == null) {
      return List.of(problem(section, document, apiVersion.get(), name + ": apiVersion must be one of "
          + String.join(", ", kinds.get(name).keySet()) + ", not \"" + apiVersion.get().getValue() + "\""));
    }
    return SchemaValidator.validate(schema, node).stream()
        .sorted(Comparator.comparingInt((SchemaValidator.Violation v) -> v.mark().getIndex()))
        .map(v -> new RenderProblem(RenderProblem.Kind.SCHEMA, section, document, v.mark().getLine() + 1,
            v.mark().getColumn() + 1, name + ": " + v.message()))
        .toList();
  }

  /** The scalar value of a top-level field of a document, if it has one. */
  static Optional<ScalarNode> field(final MappingNode node, final String key) {
    for (NodeTuple tuple : node.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue())
          && tuple.getValueNode() instanceof ScalarNode v && !v.getValue().isBlank()) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  private static RenderProblem problem(final String section, final int document, final Node node,
                                       final String message) {
    return new RenderProblem(RenderProblem.Kind.SCHEMA, section, document, node.getStartMark().getLine() + 1,
        node.getStartMark().getColumn() + 1, message);
  }

  private static KindSchemas load() {
    final Map<String, ?> definitions = read("definitions");
    final Map<String, Map<String, KindSchema>> kinds = new LinkedHashMap<>();
    for (String kind : KINDS) {
      final Map<String, ?> file = read(kind);
      if (!kind.equals(file.get("kind")) || !(file.get("versions") instanceof Map<?, ?> versions)) {
        throw new IllegalStateException(kind + ".yaml: must name its kind and map apiVersions to schemas");
      }
      final Map<String, KindSchema> byVersion = new LinkedHashMap<>();
      // The document's own apiVersion and kind are known fields of every kind, checked by the lookup.
      versions.forEach((version, schema) -> byVersion.put(String.valueOf(version),
          KindSchema.parse(schema, definitions, kind + ".yaml " + version)
              .withProperties(Map.of("apiVersion", TEXT, "kind", TEXT))));
      kinds.put(kind, Collections.unmodifiableMap(byVersion));
    }
    return new KindSchemas(Collections.unmodifiableMap(kinds));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> read(final String name) {
    try (InputStream in = KindSchemas.class.getResourceAsStream(DIRECTORY + name + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("no schema file " + DIRECTORY + name + ".yaml");
      }
      return (Map<String, ?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
