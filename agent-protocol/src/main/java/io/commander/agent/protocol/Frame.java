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
   * Both ways: an event of one console stream without a request or response of its own: {@code close}
   * (either side gives the stream up: the gateway cancels, or the agent ends a streamed answer) and
   * {@code data} (agent -> gateway: the next bytes of a streamed answer).
   *
   * @param streamId the stream, chosen by the gateway when it opens one
   * @param event {@code data} or {@code close}
   * @param data base64 of the bytes for {@code data}; for {@code close} an optional reason
   */
  record Console(String streamId, String event, String data) implements Frame {
    public static final String CLOSE = "close";
    public static final String DATA = "data";
    /**
     * Gateway -> API on a stream's bus address only (never on the link): the session holding the stream
     * is alive; the API ends a stream that stops hearing it ({@code Frames.STREAM_KEEPALIVE_MS}).
     */
    public static final String KEEPALIVE = "keepalive";

    /** A data frame carrying these bytes. */
    public static Console data(final String streamId, final byte[] bytes) {
      return new Console(streamId, DATA, java.util.Base64.getEncoder().encodeToString(bytes));
    }

    /** The bytes of a data frame. */
    public byte[] bytes() {
      return data == null ? new byte[0] : java.util.Base64.getDecoder().decode(data);
    }

    @Override
    public Kind kind() {
      return Kind.CONSOLE;
    }
  }

  /**
   * Agent -> gateway ({@code console}, event {@code open}): a streamed answer begins (a watch, a log
   * followed); its bytes follow in {@code data} frames, each within the credit the gateway granted, and a
   * {@code close} ends it.
   */
  record ConsoleOpen(String streamId, int status, Map<String, String> headers) implements Frame {
    public ConsoleOpen {
      headers = Map.copyOf(headers);
    }

    @Override
    public Kind kind() {
      return Kind.CONSOLE;
    }
  }

  /**
   * Gateway -> agent ({@code console}, event {@code credit}): the reader of a streamed answer took
   * {@code bytes} more; the agent may send that many more bytes of the stream.
   */
  record ConsoleCredit(String streamId, long bytes) implements Frame {
    @Override
    public Kind kind() {
      return Kind.CONSOLE;
    }
  }

  /**
   * Gateway -> agent ({@code console}, event {@code request}): one Kubernetes API request for the agent
   * to make against its own cluster's API server.
   *
   * @param streamId the stream, unique among the session's open streams
   * @param method the HTTP method, upper case
   * @param path the API path with its query, e.g. {@code /api/v1/namespaces?limit=10}
   * @param headers the forwarded subset ({@code content-type}, {@code accept}), names in lower case
   * @param body the request body, or null
   * @param window 0 for a request answered in one {@code response}; otherwise the bytes of a streamed
   *     answer ({@link Frames#streamed}: a watch, a log followed) the agent may send before more credit
   */
  record ConsoleRequest(String streamId, String method, String path, Map<String, String> headers, Body body,
                        long window) implements Frame {
    public ConsoleRequest {
      headers = Map.copyOf(headers);
    }

    /** A request answered in one {@code response}. */
    public ConsoleRequest(final String streamId, final String method, final String path,
                          final Map<String, String> headers, final Body body) {
      this(streamId, method, path, headers, body, 0);
    }

    /** The same request under another stream id. */
    public ConsoleRequest withStreamId(final String id) {
      return new ConsoleRequest(id, method, path, headers, body, window);
    }

    @Override
    public Kind kind() {
      return Kind.CONSOLE;
    }
  }

  /**
   * Agent -> gateway ({@code console}, event {@code response}): the API server's answer to one request (or
   * the agent's own refusal, a Kubernetes {@code Status}).
   *
   * @param headers the forwarded subset ({@code content-type}), names in lower case
   * @param body the answer's body, or null
   */
  record ConsoleResponse(String streamId, int status, Map<String, String> headers, Body body) implements Frame {
    public ConsoleResponse {
      headers = Map.copyOf(headers);
    }

    @Override
    public Kind kind() {
      return Kind.CONSOLE;
    }
  }

  /**
   * A tunnelled body: UTF-8 text as it is, other bytes in base64.
   *
   * @param encoding {@code text} or {@code base64}
   * @param data the text, or the base64 of the bytes
   */
  record Body(String encoding, String data) {
    public static final String TEXT = "text";
    public static final String BASE64 = "base64";

    public Body {
      if (!TEXT.equals(encoding) && !BASE64.equals(encoding)) {
        throw new IllegalArgumentException("body encoding is " + encoding + ", expected text or base64");
      }
    }

    /** The bytes as text when they are valid UTF-8, else in base64; null for null. */
    public static Body of(final byte[] bytes) {
      if (bytes == null) {
        return null;
      }
      try {
        return new Body(TEXT, java.nio.charset.StandardCharsets.UTF_8.newDecoder()
            .decode(java.nio.ByteBuffer.wrap(bytes)).toString());
      } catch (java.nio.charset.CharacterCodingException e) {
        return new Body(BASE64, java.util.Base64.getEncoder().encodeToString(bytes));
      }
    }

    /** The text body. */
    public static Body text(final String text) {
      return text == null ? null : new Body(TEXT, text);
    }

    public byte[] bytes() {
      return TEXT.equals(encoding) ? data.getBytes(java.nio.charset.StandardCharsets.UTF_8)
          : java.util.Base64.getDecoder().decode(data);
    }
  }
}
