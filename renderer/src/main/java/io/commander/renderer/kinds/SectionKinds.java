package io.commander.renderer.kinds;

import io.commander.renderer.cluster.RenderProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Where dhctl's configuration kinds belong among a template's sections. Commander hands dhctl
 * each of them from one section only: ClusterConfiguration from kubernetes, the
 * StaticClusterConfiguration or {@code <Provider>ClusterConfiguration} from placement, SSHConfig
 * and SSHHost from ssh, InitConfiguration from installation. Anywhere else, and in resources
 * above all, such a document would never reach dhctl. Other kinds may appear in any section.
 */
public final class SectionKinds {

  private static final String PLACEMENT_KINDS = "StaticClusterConfiguration or <Provider>ClusterConfiguration";

  private SectionKinds() {
  }

  /**
   * Checks the kinds of a section's documents.
   *
   * @param section the section key ({@code kubernetes}, {@code placement}, {@code ssh},
   *     {@code installation}, {@code primary_resources}, {@code resources/<tab>})
   * @param documents the section's documents in order; nothing is checked when one of them is
   *     not a mapping with apiVersion and kind, since that is reported on its own and leaves the
   *     count unknown
   * @return documents in the wrong section, a second document of a kind the section holds once,
   *     and a missing ClusterConfiguration, placement configuration or SSHConfig
   */
  public static List<RenderProblem> check(final String section, final List<Node> documents) {
    final List<RenderProblem> problems = new ArrayList<>();
    // How many documents of the kind the section holds once (ClusterConfiguration, SSHConfig, ...) it has.
    int held = 0;
    for (int i = 0; i < documents.size(); i++) {
      if (!(documents.get(i) instanceof MappingNode document) || KindSchemas.field(document, "apiVersion").isEmpty()
          || KindSchemas.field(document, "kind").isEmpty()) {
        return List.of();
      }
      final ScalarNode kindNode = KindSchemas.field(document, "kind").get();
      final String kind = kindNode.getValue();
      final Optional<String> home = home(KindSchemas.field(document, "apiVersion").get().getValue(), kind);
      final int line = kindNode.getStartMark().getLine() + 1;
      final int column = kindNode.getStartMark().getColumn() + 1;
      if (home.isPresent() && !home.get().equals(section)) {
        problems.add(new RenderProblem(RenderProblem.Kind.SCHEMA, section, i, line, column,
            kind + " belongs in the " + home.get() + " section: dhctl reads it only from there"));
      } else if (home.isPresent() && !kind.equals("SSHHost") && ++held > 1) {
        problems.add(new RenderProblem(RenderProblem.Kind.SCHEMA, section, i, line, column, "only one "
            + (section.equals("placement") ? PLACEMENT_KINDS : kind) + " may be in the " + section + " section"));
      }
    }
    final String missing = switch (section) {
      case "kubernetes" -> "a ClusterConfiguration";
      case "placement" -> "a " + PLACEMENT_KINDS;
      case "ssh" -> documents.isEmpty() ? null : "an SSHConfig";
      default -> null;
    };
    if (held == 0 && missing != null) {
      problems.add(new RenderProblem(RenderProblem.Kind.SCHEMA, section, -1, 0, 0,
          "the " + section + " section must hold " + missing));
    }
    return problems;
  }

  /** The section a dhctl configuration kind belongs in; empty for every other kind. */
  private static Optional<String> home(final String apiVersion, final String kind) {
    if (!apiVersion.startsWith("deckhouse.io/") && !apiVersion.startsWith("dhctl.deckhouse.io/")) {
      return Optional.empty();
    }
    return Optional.ofNullable(switch (kind) {
      case "ClusterConfiguration" -> "kubernetes";
      case "InitConfiguration" -> "installation";
      case "SSHConfig", "SSHHost" -> "ssh";
      default -> kind.endsWith("ClusterConfiguration") ? "placement" : null;
    });
  }
}
