package io.commander.agent.protocol;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message on the agent link, sent as one websocket text frame of JSON
 * ({@code {"v": 1, "type": "<kind>", ...}}). {@link Frames} encodes and decodes them; PROTOCOL.md
 * of the agent-gateway module describes each field and the order they come in.
 */
public sealed interface Frame {

  /** The protocol version this code speaks; a frame of another version is refused. */
  int VERSION = 1;

  /** The frame's {@code type}. */
  Kind kind();

  /** The kinds of frame, by their name on the wire. */
  enum Kind {
    HELLO("hello"), WELCOME("welcome"), HEARTBEAT("heartbeat"), TELEMETRY("telemetry"),
    DESIRED_STATE("desired_state"), APPLY_REPORT("apply_report"), DRAIN("drain"), CONSOLE("console");

    private final String wire;

    Kind(final String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /** Agent -> gateway, first frame of a session: who is speaking. */
  record Hello(String agentVersion, String backend) implements Frame {
    @Override
    public Kind kind() {
      return Kind.HELLO;
    }
  }

  /** Gateway -> agent, answer to hello: the session and the pace the gateway expects. */
  record Welcome(String sessionId, int heartbeatSeconds, int telemetrySeconds) implements Frame {
    @Override
    public Kind kind() {
      return Kind.WELCOME;
    }
  }

  /** Agent -> gateway, every few seconds: the link and the agent are alive. */
  record Heartbeat(Instant sentAt) implements Frame {
    @Override
    public Kind kind() {
      return Kind.HEARTBEAT;
    }
  }

  /** Agent -> gateway: the telemetry sources whose content changed, each a JSON object. */
  record Telemetry(long seq, Instant sentAt, Map<String, JsonObject> sources) implements Frame {
    public Telemetry {
      sources = Map.copyOf(sources);
    }

    @Override
    public Kind kind() {
      return Kind.TELEMETRY;
    }
  }

  /** Gateway -> agent: every resource the cluster should hold, from one revision of the cluster. */
  record DesiredState(int revision, List<DesiredResources> resources) implements Frame {
    public DesiredState {
      resources = List.copyOf(resources);
    }

    @Override
    public Kind kind() {
      return Kind.DESIRED_STATE;
    }
  }

  /**
   * One rendered set of resources.
   *
   * @param set {@code primary_resources} or {@code resources/<tab>}
   * @param mode {@code enforced} (kept as rendered) or {@code create-once} (created, then left alone)
   * @param manifests the set's multi-document YAML
   */
  record DesiredResources(String set, String mode, String manifests) {
    public static final String ENFORCED = "enforced";
    public static final String CREATE_ONCE = "create-once";
  }

  /** Agent -> gateway: what applying a revision gave, resource by resource. */
  record ApplyReport(int revision, Instant checkedAt, Instant appliedAt, List<ResourceResult> results)
      implements Frame {
    public ApplyReport {
      results = List.copyOf(results);
    }

    /** Whether every resource is as desired. */
    public boolean inSync() {
      return results.stream().allMatch(r -> r.errors().isEmpty());
    }

    @Override
    public Kind kind() {
      return Kind.APPLY_REPORT;
    }
  }

  /**
   * One resource's outcome.
   *
   * @param resource {@code <apiVersion>/<kind>/<namespace>/<name>} (namespace empty for cluster objects)
   * @param set the desired set it came from
   * @param status {@code applied}, {@code unchanged}, {@code deleted} or {@code failed}
   * @param errors why it failed; empty otherwise
   */
  record ResourceResult(String resource, String set, String status, List<String> errors) {
    public ResourceResult {
      errors = List.copyOf(errors);
    }
  }

  /** Gateway -> agent: this gateway is going away; reconnect (to any gateway) after the delay. */
  record Drain(long delayMillis, String reason) implements Frame {
    @Override
    public Kind kind() {
      return Kind.DRAIN;
    }
  }

  /**
   * Both ways: a chunk of one console stream tunnelled over the link (reserved: the console itself
   * is not served yet, and both ends ignore these frames for now).
   *
   * @param streamId the stream, chosen by the gateway when it opens one
   * @param event {@code open}, {@code data} or {@code close}
   * @param data base64 of the bytes for {@code data}
   */
  record Console(String streamId, String event, String data) implements Frame {
    @Override
    public Kind kind() {
      return Kind.CONSOLE;
    }
  }
}
