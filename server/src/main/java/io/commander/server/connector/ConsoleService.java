package io.commander.server.connector;

import io.commander.agent.protocol.Frame.Body;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.commander.server.api.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The web console's view of a cluster: Kubernetes API requests made through the cluster's agent link
 * ({@link Tunnel}), the objects' JSON mapped to the few fields the console shows. Kubernetes failures become
 * problems: the agent's refusal 403 {@code forbidden_by_agent_policy}, an absent object 404, a stale
 * {@code resourceVersion} 409 {@code conflict}, anything else 502 {@code upstream_error}.
 */
public final class ConsoleService {

  static final int DEFAULT_LIMIT = 500;
  static final String MODULE_CONFIGS = "/apis/deckhouse.io/v1alpha1/moduleconfigs";
  private static final String NODE_GROUPS = "/apis/deckhouse.io/v1/nodegroups";
  private static final String NODE_METRICS = "/apis/metrics.k8s.io/v1beta1/nodes";
  private static final String ROLE_LABEL = "node-role.kubernetes.io/";
  private static final String TOO_LARGE = "response_too_large";
  private static final String FORBIDDEN = "forbidden_by_agent_policy";
  /** A Kubernetes object name (DNS subdomain), so a name can go into a path as it is. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  private static final List<String> WORKLOAD_KINDS = List.of("Deployment", "StatefulSet", "DaemonSet");

  private final Tunnel tunnel;

  public ConsoleService(final Tunnel tunnel) {
    this.tunnel = tunnel;
  }

  /** Which part of a list: a namespace or all, at most {@code limit} items, after {@code cont}. */
  public record ListQuery(String namespace, int limit, String cont) {
    public ListQuery {
      if (namespace != null) {
        name(namespace, "namespace");
      }
    }
  }

  /** A page of a list: its items in the console's shape, and where the cluster's list goes on (or null). */
  public record Page(List<JsonObject> items, String cont) {
    public JsonObject json() {
      final JsonObject out = new JsonObject().put("items", new JsonArray(List.copyOf(items)));
      return cont == null ? out : out.put("continue", cont);
    }
  }

  public Future<Page> nodes(final ConnectorCall.Target cluster, final ListQuery query) {
    final Future<Page> nodes = list(cluster, "/api/v1/nodes", query, o -> o);
    // Metrics come from an optional API: absent, refused or not ready, the nodes go without usage.
    final Future<Map<String, JsonObject>> usage = get(cluster, NODE_METRICS).<Map<String, JsonObject>>map(list -> {
      final Map<String, JsonObject> byNode = new HashMap<>();
      items(list).forEach(m -> byNode.put(m.getJsonObject("metadata", new JsonObject()).getString("name"),
          quantities(m.getJsonObject("usage"), false)));
      return byNode;
    }).otherwise(Map.of());
    return Future.all(nodes, usage).map(v -> new Page(nodes.result().items().stream()
        .map(n -> node(n, usage.result())).sorted(by("name")).toList(), nodes.result().cont()));
  }

  public Future<Page> namespaces(final ConnectorCall.Target cluster, final ListQuery query) {
    return list(cluster, "/api/v1/namespaces", query, ConsoleService::namespace)
        .map(p -> sorted(p, by("name")));
  }

  /** The three workload kinds, read in parallel; the continue token carries each kind's. */
  public Future<Page> workloads(final ConnectorCall.Target cluster, final ListQuery query) {
    final JsonObject tokens = query.cont() == null ? null : workloadTokens(query.cont());
    final List<Future<Page>> kinds = new ArrayList<>();
    final List<String> asked = new ArrayList<>();
    for (String kind : WORKLOAD_KINDS) {
      if (tokens != null && tokens.getString(kind) == null) {
        continue;
      }
      asked.add(kind);
      final String resource = kind.toLowerCase(java.util.Locale.ROOT) + "s";
      kinds.add(list(cluster, namespaced("/apis/apps/v1", query.namespace(), resource),
          new ListQuery(query.namespace(), query.limit(), tokens == null ? null : tokens.getString(kind)),
          o -> workload(kind, o)));
    }
    return Future.all(kinds).map(v -> {
      final List<JsonObject> items = new ArrayList<>();
      final JsonObject next = new JsonObject();
      for (int i = 0; i < kinds.size(); i++) {
        items.addAll(kinds.get(i).result().items());
        if (kinds.get(i).result().cont() != null) {
          next.put(asked.get(i), kinds.get(i).result().cont());
        }
      }
      items.sort(Comparator.comparingInt((JsonObject o) -> WORKLOAD_KINDS.indexOf(o.getString("kind")))
          .thenComparing(by("namespace")).thenComparing(by("name")));
      return new Page(items, next.isEmpty() ? null
          : Base64.getUrlEncoder().withoutPadding().encodeToString(next.encode().getBytes(StandardCharsets.UTF_8)));
    });
  }

  public Future<Page> pods(final ConnectorCall.Target cluster, final ListQuery query) {
    return list(cluster, namespaced("/api/v1", query.namespace(), "pods"), query, ConsoleService::pod)
        .map(p -> sorted(p, by("namespace").thenComparing(by("name"))));
  }

  /** Events, newest first (within the page the cluster gave). */
  public Future<Page> events(final ConnectorCall.Target cluster, final ListQuery query) {
    return list(cluster, namespaced("/api/v1", query.namespace(), "events"), query, ConsoleService::event)
        .map(p -> sorted(p, Comparator.comparing((JsonObject o) -> o.getString("last_at") == null ? null
            : Instant.parse(o.getString("last_at")), Comparator.nullsLast(Comparator.<Instant>naturalOrder().reversed()))));
  }

  public Future<Page> moduleConfigs(final ConnectorCall.Target cluster, final ListQuery query) {
    return list(cluster, MODULE_CONFIGS, query, ConsoleService::moduleConfig).map(p -> sorted(p, by("name")));
  }

  public Future<JsonObject> moduleConfig(final ConnectorCall.Target cluster, final String name) {
    return get(cluster, MODULE_CONFIGS + "/" + name(name, "name")).map(ConsoleService::moduleConfig);
  }

  /** What a ModuleConfig edit changes: the new settings, and {@code enabled}/{@code version} when given. */
  public record ModuleConfigChange(String name, Boolean enabled, boolean enabledGiven, Integer version,
                                   boolean versionGiven, JsonObject settings, String resourceVersion) {
  }

  /** A ModuleConfig as read, and as it is to be written. */
  public record ModuleConfigEdit(JsonObject before, JsonObject object) {
  }

  /**
   * Reads the ModuleConfig and applies the change to it, as of the caller's {@code resource_version} (a
   * newer one is 409 {@code conflict} before anything is written).
   */
  public Future<ModuleConfigEdit> editModuleConfig(final ConnectorCall.Target cluster, final ModuleConfigChange change) {
    return get(cluster, MODULE_CONFIGS + "/" + name(change.name(), "name")).map(current -> {
      final JsonObject metadata = current.getJsonObject("metadata", new JsonObject());
      if (!change.resourceVersion().equals(metadata.getString("resourceVersion"))) {
        throw ApiException.conflict("conflict", "ModuleConfig " + change.name() + " changed since resource_version "
            + change.resourceVersion() + " (now " + metadata.getString("resourceVersion") + "); read it again");
      }
      final JsonObject object = current.copy();
      object.getJsonObject("metadata").put("resourceVersion", change.resourceVersion()).remove("managedFields");
      final JsonObject spec = object.getJsonObject("spec", new JsonObject());
      object.put("spec", spec);
      spec.put("settings", change.settings());
      if (change.enabledGiven()) {
        spec.put("enabled", change.enabled());
      }
      if (change.versionGiven()) {
        spec.put("version", change.version());
      }
      return new ModuleConfigEdit(moduleConfig(current), object);
    });
  }

  /**
   * Writes an edited ModuleConfig, recorded as {@code audit} says (no record when the cluster refused it);
   * the API server's 409 (changed since it was read) is {@code conflict}.
   */
  public Future<JsonObject> writeModuleConfig(final ConnectorCall.Target cluster, final JsonObject object,
                                              final ConnectorCall.Audit audit) {
    final String name = object.getJsonObject("metadata").getString("name");
    return tunnel.send(cluster, new ConsoleRequest("0", "PUT", MODULE_CONFIGS + "/" + name(name, "name"),
            Map.of("content-type", "application/json"), Body.text(object.encode())), audit)
        .map(ConsoleService::body).map(ConsoleService::moduleConfig);
  }

  public Future<Page> nodeGroups(final ConnectorCall.Target cluster, final ListQuery query) {
    return list(cluster, NODE_GROUPS, query, ConsoleService::nodeGroup).map(p -> sorted(p, by("name")));
  }

  /** The Kubernetes request of a pod's log. */
  public static ConsoleRequest logRequest(final String namespace, final String pod, final String container,
                                          final Integer tailLines, final boolean follow) {
    final List<String> query = new ArrayList<>();
    if (container != null) {
      query.add("container=" + name(container, "container"));
    }
    if (tailLines != null) {
      query.add("tailLines=" + tailLines);
    }
    if (follow) {
      query.add("follow=true");
    }
    final String path = "/api/v1/namespaces/" + name(namespace, "namespace") + "/pods/" + name(pod, "name") + "/log"
        + (query.isEmpty() ? "" : "?" + String.join("&", query));
    return new ConsoleRequest("0", "GET", path, Map.of("accept", "text/plain"), null);
  }

  /**
   * A pod's log in one piece. One that is too large for one answer is read again with fewer of its last
   * lines, down to the last one.
   */
  public Future<ConsoleResponse> log(final ConnectorCall.Target cluster, final String namespace, final String pod,
                                     final String container, final Integer tailLines) {
    return tunnel.send(cluster, logRequest(namespace, pod, container, tailLines, false)).compose(response -> {
      if (tooLarge(response) && (tailLines == null || tailLines > 1)) {
        return log(cluster, namespace, pod, container, tailLines == null ? 10_000 : tailLines / 2);
      }
      return ok(response) ? Future.succeededFuture(response) : Future.failedFuture(problem(response));
    });
  }

  /** Whether the API server said what it answered is a failure the console shows as a problem. */
  static boolean ok(final ConsoleResponse response) {
    return response.status() >= 200 && response.status() < 300;
  }

  /** The problem a failed Kubernetes answer is. */
  static ApiException problem(final ConsoleResponse response) {
    final JsonObject status = json(response, false);
    final String message = status == null ? "the cluster's API server answered " + response.status()
        : status.getString("message", "the cluster's API server answered " + response.status());
    if (status != null && FORBIDDEN.equals(status.getString("reason"))) {
      return ApiException.forbidden(FORBIDDEN, message);
    }
    return switch (response.status()) {
      case 404 -> new ApiException(404, "not_found", "Not found", message, List.of());
      case 409 -> ApiException.conflict("conflict", message);
      default -> new ApiException(502, "upstream_error", "Bad gateway", message, List.of());
    };
  }

  // --- requests ---

  private Future<JsonObject> get(final ConnectorCall.Target cluster, final String path) {
    return answer(cluster, new ConsoleRequest("0", "GET", path, Map.of("accept", "application/json"), null));
  }

  private Future<JsonObject> answer(final ConnectorCall.Target cluster, final ConsoleRequest request) {
    return tunnel.send(cluster, request).map(ConsoleService::body);
  }

  /** A successful answer's JSON; a failed one is its problem. */
  private static JsonObject body(final ConsoleResponse response) {
    if (!ok(response)) {
      throw problem(response);
    }
    return json(response, true);
  }

  /**
   * One page of a list. An answer too large for the link is asked again for half as many items (the
   * cluster's continue token then leads on to the rest).
   */
  private Future<Page> list(final ConnectorCall.Target cluster, final String path, final ListQuery query,
                            final Function<JsonObject, JsonObject> map) {
    final String url = path + "?limit=" + query.limit()
        + (query.cont() == null ? "" : "&continue=" + URLEncoder.encode(query.cont(), StandardCharsets.UTF_8));
    return tunnel.send(cluster, new ConsoleRequest("0", "GET", url, Map.of("accept", "application/json"), null))
        .compose(response -> {
          if (tooLarge(response) && query.limit() > 1) {
            return list(cluster, path, new ListQuery(query.namespace(), query.limit() / 2, query.cont()), map);
          }
          if (!ok(response)) {
            return Future.failedFuture(problem(response));
          }
          final JsonObject list = json(response, true);
          final String cont = list.getJsonObject("metadata", new JsonObject()).getString("continue");
          return Future.succeededFuture(new Page(items(list).stream().map(map).toList(),
              cont == null || cont.isEmpty() ? null : cont));
        });
  }

  private static boolean tooLarge(final ConsoleResponse response) {
    if (response.status() != 502) {
      return false;
    }
    final JsonObject status = json(response, false);
    return status != null && TOO_LARGE.equals(status.getString("reason"));
  }

  private static JsonObject json(final ConsoleResponse response, final boolean required) {
    final Body body = response.body();
    try {
      if (body != null) {
        return new JsonObject(new String(body.bytes(), StandardCharsets.UTF_8));
      }
    } catch (DecodeException | ClassCastException e) {
      // not JSON: below
    }
    if (required) {
      throw new ApiException(502, "upstream_error", "Bad gateway", "the cluster's API server answered "
          + response.status() + " without a JSON object", List.of());
    }
    return null;
  }

  private static String namespaced(final String prefix, final String namespace, final String resource) {
    return namespace == null ? prefix + "/" + resource : prefix + "/namespaces/" + namespace + "/" + resource;
  }

  private static String name(final String value, final String field) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw ApiException.invalidField(field, "must be a Kubernetes name (lower case letters, digits, '-' and '.')");
    }
    return value;
  }

  private static JsonObject workloadTokens(final String cont) {
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(cont), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException e) {
      throw ApiException.invalidField("continue", "is not a continue token this list answered");
    }
  }

  // --- mapping ---

  private static List<JsonObject> items(final JsonObject list) {
    final JsonArray items = list.getJsonArray("items", new JsonArray());
    final List<JsonObject> out = new ArrayList<>(items.size());
    items.forEach(o -> out.add(o instanceof JsonObject j ? j : new JsonObject()));
    return out;
  }

  private static Page sorted(final Page page, final Comparator<JsonObject> order) {
    return new Page(page.items().stream().sorted(order).toList(), page.cont());
  }

  private static Comparator<JsonObject> by(final String field) {
    return Comparator.comparing((JsonObject o) -> o.getString(field), Comparator.nullsFirst(Comparator.naturalOrder()));
  }

  private static JsonObject meta(final JsonObject o) {
    return o.getJsonObject("metadata", new JsonObject());
  }

  private static JsonObject spec(final JsonObject o) {
    return o.getJsonObject("spec", new JsonObject());
  }

  private static JsonObject status(final JsonObject o) {
    return o.getJsonObject("status", new JsonObject());
  }

  /** An RFC 3339 time in UTC ({@code Z}), or null. */
  static String time(final String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(value).toString();
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(value).toInstant().toString();
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  private static JsonObject quantities(final JsonObject resources, final boolean withPods) {
    final JsonObject r = resources == null ? new JsonObject() : resources;
    final JsonObject out = new JsonObject().put("cpu_cores", Quantities.parse(r.getString("cpu")))
        .put("memory_bytes", Quantities.parse(r.getString("memory")));
    return withPods ? out.put("pods", Quantities.parse(r.getString("pods"))) : out;
  }

  private static JsonObject node(final JsonObject node, final Map<String, JsonObject> usage) {
    final JsonObject metadata = meta(node);
    final JsonObject status = status(node);
    final JsonObject labels = metadata.getJsonObject("labels", new JsonObject());
    final JsonArray roles = new JsonArray();
    labels.fieldNames().stream().filter(l -> l.startsWith(ROLE_LABEL)).map(l -> l.substring(ROLE_LABEL.length()))
        .filter(r -> !r.isEmpty()).sorted().forEach(roles::add);
    final JsonArray conditions = new JsonArray();
    boolean ready = false;
    for (Object o : status.getJsonArray("conditions", new JsonArray())) {
      final JsonObject c = (JsonObject) o;
      conditions.add(new JsonObject().put("type", c.getString("type")).put("status", c.getString("status"))
          .put("reason", c.getString("reason")).put("message", c.getString("message"))
          .put("last_transition_at", time(c.getString("lastTransitionTime"))));
      ready |= "Ready".equals(c.getString("type")) && "True".equals(c.getString("status"));
    }
    String internalIp = null;
    for (Object o : status.getJsonArray("addresses", new JsonArray())) {
      if ("InternalIP".equals(((JsonObject) o).getString("type"))) {
        internalIp = ((JsonObject) o).getString("address");
        break;
      }
    }
    final String name = metadata.getString("name");
    return new JsonObject().put("name", name).put("roles", roles).put("ready", ready)
        .put("unschedulable", spec(node).getBoolean("unschedulable", false))
        .put("conditions", conditions)
        .put("capacity", quantities(status.getJsonObject("capacity"), true))
        .put("allocatable", quantities(status.getJsonObject("allocatable", status.getJsonObject("capacity")), true))
        .put("usage", usage.get(name))
        .put("kubelet_version", status.getJsonObject("nodeInfo", new JsonObject()).getString("kubeletVersion"))
        .put("internal_ip", internalIp)
        .put("node_group", labels.getString("node.deckhouse.io/group"))
        .put("created_at", time(metadata.getString("creationTimestamp")));
  }

  private static JsonObject namespace(final JsonObject ns) {
    return new JsonObject().put("name", meta(ns).getString("name")).put("phase", status(ns).getString("phase"))
        .put("labels", meta(ns).getJsonObject("labels", new JsonObject()))
        .put("created_at", time(meta(ns).getString("creationTimestamp")));
  }

  private static JsonObject workload(final String kind, final JsonObject w) {
    final JsonObject status = status(w);
    final int desired;
    final int ready;
    final int updated;
    final int available;
    if ("DaemonSet".equals(kind)) {
      desired = status.getInteger("desiredNumberScheduled", 0);
      ready = status.getInteger("numberReady", 0);
      updated = status.getInteger("updatedNumberScheduled", 0);
      available = status.getInteger("numberAvailable", 0);
    } else {
      desired = spec(w).getInteger("replicas", 1);
      ready = status.getInteger("readyReplicas", 0);
      updated = status.getInteger("updatedReplicas", 0);
      available = status.getInteger("availableReplicas", "StatefulSet".equals(kind) ? ready : 0);
    }
    final JsonArray images = new JsonArray();
    final JsonObject podSpec = spec(spec(w).getJsonObject("template", new JsonObject()));
    podSpec.getJsonArray("containers", new JsonArray()).forEach(c -> {
      final String image = ((JsonObject) c).getString("image");
      if (image != null && !images.contains(image)) {
        images.add(image);
      }
    });
    return new JsonObject().put("kind", kind).put("namespace", meta(w).getString("namespace"))
        .put("name", meta(w).getString("name")).put("desired", desired).put("ready", ready).put("updated", updated)
        .put("available", available).put("images", images)
        .put("created_at", time(meta(w).getString("creationTimestamp")));
  }

  private static JsonObject pod(final JsonObject pod) {
    final JsonObject status = status(pod);
    final Map<String, JsonObject> statuses = new HashMap<>();
    status.getJsonArray("containerStatuses", new JsonArray())
        .forEach(o -> statuses.put(((JsonObject) o).getString("name"), (JsonObject) o));
    final JsonArray containers = new JsonArray();
    int readyCount = 0;
    int restarts = 0;
    for (Object o : spec(pod).getJsonArray("containers", new JsonArray())) {
      final JsonObject c = (JsonObject) o;
      final JsonObject s = statuses.getOrDefault(c.getString("name"), new JsonObject());
      final JsonObject state = s.getJsonObject("state", new JsonObject());
      final String stateName = state.containsKey("running") ? "running" : state.containsKey("waiting") ? "waiting"
          : state.containsKey("terminated") ? "terminated" : null;
      final boolean ready = s.getBoolean("ready", false);
      final int restartCount = s.getInteger("restartCount", 0);
      readyCount += ready ? 1 : 0;
      restarts += restartCount;
      containers.add(new JsonObject().put("name", c.getString("name")).put("image", c.getString("image"))
          .put("ready", ready).put("restarts", restartCount).put("state", stateName)
          .put("reason", stateName == null ? null : state.getJsonObject(stateName).getString("reason")));
    }
    final JsonObject owner = meta(pod).getJsonArray("ownerReferences", new JsonArray()).stream()
        .map(JsonObject.class::cast).filter(r -> r.getBoolean("controller", false)).findFirst()
        .or(() -> meta(pod).getJsonArray("ownerReferences", new JsonArray()).stream().map(JsonObject.class::cast)
            .findFirst())
        .map(r -> new JsonObject().put("kind", r.getString("kind")).put("name", r.getString("name"))).orElse(null);
    return new JsonObject().put("namespace", meta(pod).getString("namespace")).put("name", meta(pod).getString("name"))
        .put("phase", status.getString("phase")).put("ready", readyCount + "/" + containers.size())
        .put("restarts", restarts).put("node", spec(pod).getString("nodeName")).put("pod_ip", status.getString("podIP"))
        .put("owner", owner).put("containers", containers)
        .put("created_at", time(meta(pod).getString("creationTimestamp")));
  }

  private static JsonObject event(final JsonObject e) {
    final JsonObject involved = e.getJsonObject("involvedObject", e.getJsonObject("regarding", new JsonObject()));
    final JsonObject series = e.getJsonObject("series", new JsonObject());
    final String created = meta(e).getString("creationTimestamp");
    final String first = firstNonNull(time(e.getString("firstTimestamp")), time(e.getString("eventTime")), time(created));
    final String last = firstNonNull(time(e.getString("lastTimestamp")), time(series.getString("lastObservedTime")),
        time(e.getString("eventTime")), time(created));
    return new JsonObject().put("namespace", meta(e).getString("namespace")).put("type", e.getString("type", "Normal"))
        .put("reason", e.getString("reason")).put("message", e.getString("message", e.getString("note")))
        .put("object", new JsonObject().put("kind", involved.getString("kind")).put("name", involved.getString("name"))
            .put("namespace", involved.getString("namespace")))
        .put("count", e.getInteger("count", series.getInteger("count", 1)))
        .put("first_at", first).put("last_at", last);
  }

  private static String firstNonNull(final String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static JsonObject moduleConfig(final JsonObject mc) {
    final JsonObject spec = spec(mc);
    final Object version = spec.getValue("version");
    return new JsonObject().put("name", meta(mc).getString("name"))
        .put("enabled", spec.getValue("enabled") instanceof Boolean b ? b : null)
        .put("version", version instanceof Number n ? n : null)
        .put("settings", spec.getJsonObject("settings", new JsonObject()))
        .put("resource_version", meta(mc).getString("resourceVersion"))
        .put("created_at", time(meta(mc).getString("creationTimestamp")));
  }

  private static JsonObject nodeGroup(final JsonObject ng) {
    final JsonObject spec = spec(ng);
    final JsonObject status = status(ng);
    final JsonObject cloud = spec.getJsonObject("cloudInstances", new JsonObject());
    final JsonArray conditions = new JsonArray();
    status.getJsonArray("conditions", new JsonArray()).forEach(o -> {
      final JsonObject c = (JsonObject) o;
      conditions.add(new JsonObject().put("type", c.getString("type")).put("status", c.getString("status"))
          .put("message", c.getString("message")));
    });
    return new JsonObject().put("name", meta(ng).getString("name")).put("node_type", spec.getString("nodeType"))
        .put("min_per_zone", cloud.getInteger("minPerZone")).put("max_per_zone", cloud.getInteger("maxPerZone"))
        .put("nodes", status.getInteger("nodes", 0)).put("ready", status.getInteger("ready", 0))
        .put("conditions", conditions).put("created_at", time(meta(ng).getString("creationTimestamp")));
  }
}
