package io.commander.server.provisioners.dhctl;

import io.commander.server.provisioners.Drift;
import io.commander.server.provisioners.Plan;
import io.commander.server.provisioners.ProvisionerException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@code dhctl terraform check --output=json} found, read from the JSON object it prints last:
 *
 * <pre>{@code
 * {"nodes":[{"group":"master","name":"dev-master-0","status":"destructively_changed"}],
 *  "node_templates":[{"name":"worker","status":"changed"}],
 *  "cluster":{"status":"changed"}}
 * }</pre>
 *
 * <p>Every entry whose status is not {@code ok} is a change, named e.g.
 * {@code node master/dev-master-0: destructively_changed}. Destructive are
 * {@code destructively_changed} (the infrastructure is re-created) and {@code abandoned} (a node
 * outside the configuration, deleted by converge); {@code changed} and {@code absent} (a node to
 * create) are not. An {@code error} status means dhctl could not check that part.
 *
 * @param changes every change, in dhctl's order (cluster, node templates, nodes)
 * @param destructive the destructive ones among them
 * @param errors the parts dhctl could not check
 */
record CheckReport(List<String> changes, List<String> destructive, List<String> errors) {

  private static final String OK = "ok";
  private static final String ERROR = "error";
  private static final Set<String> DESTRUCTIVE = Set.of("destructively_changed", "abandoned");

  CheckReport {
    changes = List.copyOf(changes);
    destructive = List.copyOf(destructive);
    errors = List.copyOf(errors);
  }

  /**
   * Reads the report from a run's stdout.
   *
   * @param stdout the run's stdout lines (log lines may precede the JSON)
   * @param label the command, for the error message
   * @throws ProvisionerException {@code PERMANENT} when no line is a JSON object with a
   *     {@code cluster} field (a dhctl whose output Commander does not understand)
   */
  static CheckReport parse(final List<String> stdout, final String label) {
    for (int i = stdout.size() - 1; i >= 0; i--) {
      final String line = FailureCause.clean(stdout.get(i));
      if (!line.startsWith("{")) {
        continue;
      }
      try {
        final JsonObject report = new JsonObject(line);
        if (report.containsKey("cluster")) {
          return read(report);
        }
      } catch (final DecodeException | ClassCastException notTheReport) {
        // A log line that happens to start with a brace: keep looking.
      }
    }
    throw new ProvisionerException(ProvisionerException.Reason.PERMANENT, label + " printed no check result (a JSON "
        + "object with nodes, node_templates and cluster): is the configured binary a dhctl that supports it?");
  }

  private static CheckReport read(final JsonObject report) {
    final List<String> changes = new ArrayList<>();
    final List<String> destructive = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final JsonObject cluster = report.getJsonObject("cluster", new JsonObject());
    add("cluster infrastructure", cluster.getString("status", OK), changes, destructive, errors);
    for (final Object entry : report.getJsonArray("node_templates", new JsonArray())) {
      if (entry instanceof JsonObject template) {
        add("node group " + template.getString("name", "?"), template.getString("status", OK), changes, destructive,
            errors);
      }
    }
    for (final Object entry : report.getJsonArray("nodes", new JsonArray())) {
      if (entry instanceof JsonObject node) {
        add("node " + node.getString("group", "?") + "/" + node.getString("name", "?"), node.getString("status", OK),
            changes, destructive, errors);
      }
    }
    return new CheckReport(changes, destructive, errors);
  }

  private static void add(final String what, final String status, final List<String> changes,
                          final List<String> destructive, final List<String> errors) {
    if (OK.equals(status)) {
      return;
    }
    if (ERROR.equals(status)) {
      errors.add(what);
      return;
    }
    final String change = what + ": " + status;
    changes.add(change);
    if (DESTRUCTIVE.contains(status)) {
      destructive.add(change);
    }
  }

  /** As a plan: every change, the destructive ones flagged. */
  Plan plan() {
    return new Plan(changes, destructive);
  }

  /** As drift: every change is a difference between the cluster and its configuration. */
  Drift drift() {
    return new Drift(changes);
  }
}
