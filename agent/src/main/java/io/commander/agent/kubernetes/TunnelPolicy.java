package io.commander.agent.kubernetes;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which Kubernetes API requests the agent makes for Commander through its link. Reads ({@code GET})
 * of everything but Secrets; writes ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE})
 * only of ModuleConfigs and NodeGroups ({@code deckhouse.io}) and of ConfigMaps in a namespace Commander
 * manages. Pure: the caller finds out whether a namespace is managed ({@link Decision#namespace()}).
 */
public final class TunnelPolicy {

  /** Resources written through the tunnel, as {@code <group>/<resource>} (the core group is empty). */
  private static final Set<String> WRITABLE = Set.of("deckhouse.io/moduleconfigs", "deckhouse.io/nodegroups");
  private static final Set<String> WRITABLE_IN_MANAGED_NAMESPACES = Set.of("/configmaps");
  private static final Set<String> UNREADABLE = Set.of("/secrets");
  private static final Set<String> READS = Set.of("GET");
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  /**
   * What to do with one request.
   *
   * @param allowed whether the request may be made (when {@code namespace} is present: only if that
   *     namespace is one Commander manages)
   * @param namespace the namespace that must be managed for the request to be made
   * @param reason why it is refused, for the Status message
   */
  public record Decision(boolean allowed, Optional<String> namespace, String reason) {
    static Decision allow() {
      return new Decision(true, Optional.empty(), "");
    }

    static Decision allowIfManaged(final String namespace) {
      return new Decision(true, Optional.of(namespace), "");
    }

    static Decision deny(final String reason) {
      return new Decision(false, Optional.empty(), reason);
    }
  }

  /** An API path taken apart: {@code group} empty for the core group, {@code resource} empty for non-resource paths. */
  record Target(String group, String namespace, String resource) {
  }

  /** Decides on a request; {@code path} may carry a query. */
  public Decision decide(final String method, final String path) {
    final String verb = method.toUpperCase(Locale.ROOT);
    final Target target = target(path);
    if (target == null) {
      return Decision.deny("the path " + path + " is not a Kubernetes API path the agent serves");
    }
    final String key = target.group() + "/" + target.resource();
    if (READS.contains(verb)) {
      return UNREADABLE.contains(key) ? Decision.deny("the agent does not read " + target.resource())
          : Decision.allow();
    }
    if (!WRITES.contains(verb)) {
      return Decision.deny("the agent does not make " + verb + " requests");
    }
    if (WRITABLE.contains(key)) {
      return Decision.allow();
    }
    if (WRITABLE_IN_MANAGED_NAMESPACES.contains(key) && target.namespace() != null) {
      return Decision.allowIfManaged(target.namespace());
    }
    return Decision.deny("the agent does not write " + (target.resource().isEmpty() ? path
        : target.resource() + (target.namespace() == null ? "" : " in namespace " + target.namespace())));
  }

  /**
   * The group, namespace and resource of an API path: {@code /api/v1/...} or {@code /apis/<group>/<version>/...},
   * then optionally {@code namespaces/<ns>/}, then the resource. Null for a path that is neither, or that
   * tries to climb out ({@code ..}).
   */
  static Target target(final String pathWithQuery) {
    final int q = pathWithQuery.indexOf('?');
    final String path = q < 0 ? pathWithQuery : pathWithQuery.substring(0, q);
    if (!path.startsWith("/") || path.contains("..") || path.contains("//") || path.contains("%")) {
      return null;
    }
    final String[] parts = path.substring(1).split("/");
    int i;
    final String group;
    if (parts[0].equals("api")) {
      group = "";
      i = 2;
    } else if (parts[0].equals("apis")) {
      group = parts.length > 1 ? parts[1] : "";
      i = 3;
    } else {
      // /version, /openapi/v2, /healthz: no resource.
      return parts[0].isEmpty() ? null : new Target("", null, "");
    }
    if (parts.length <= i) {
      return new Target(group, null, "");
    }
    String namespace = null;
    if (parts[i].equals("namespaces") && parts.length > i + 2) {
      namespace = parts[i + 1];
      i += 2;
    }
    return new Target(group, namespace, parts[i]);
  }
}
