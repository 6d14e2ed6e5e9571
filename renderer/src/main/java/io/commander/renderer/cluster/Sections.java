package io.commander.renderer.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The template texts of a cluster template version, one per section, as Commander names them:
 * Kubernetes (ClusterConfiguration), placement ({@code <Provider>ClusterConfiguration} or
 * StaticClusterConfiguration), SSH parameters (SSHConfig and SSHHost), installation
 * (InitConfiguration), primary resources (created once at bootstrap) and resources in named tabs,
 * each enforced or created once.
 */
public record Sections(String kubernetes, String placement, String ssh, String installation, String primaryResources,
                       List<ResourceTab> resources) {

  /** How the agent treats a tab's resources. */
  public enum Mode {
    /** Kept as rendered: changes are reverted, deletions recreated. */
    ENFORCED("enforced"),
    /** Created once, then left to the cluster's owners. */
    CREATE_ONCE("create-once");

    private final String id;

    Mode(final String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /** A named tab of resources. */
  public record ResourceTab(String name, Mode mode, String template) {
  }

  public Sections {
    resources = List.copyOf(resources);
  }

  /** Every section as {@code (key, template)}, in a fixed order; resource tabs as {@code resources/<name>}. */
  public List<Section> all() {
    final List<Section> out = new ArrayList<>();
    out.add(new Section("kubernetes", kubernetes));
    out.add(new Section("placement", placement));
    out.add(new Section("ssh", ssh));
    out.add(new Section("installation", installation));
    out.add(new Section("primary_resources", primaryResources));
    resources.forEach(tab -> out.add(new Section("resources/" + tab.name(), tab.template())));
    return out;
  }

  /** One section's key and template text (null or empty when the template has none). */
  public record Section(String key, String template) {
  }
}
