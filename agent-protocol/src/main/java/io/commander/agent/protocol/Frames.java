package io.commander.agent.protocol;

import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.Body;
import io.commander.agent.protocol.Frame.Console;
import io.commander.agent.protocol.Frame.ConsoleCredit;
import io.commander.agent.protocol.Frame.ConsoleOpen;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.commander.agent.protocol.Frame.DesiredResources;
import io.commander.agent.protocol.Frame.DesiredState;
import io.commander.agent.protocol.Frame.Drain;
import io.commander.agent.protocol.Frame.Heartbeat;
import io.commander.agent.protocol.Frame.Hello;
import io.commander.agent.protocol.Frame.Kind;
import io.commander.agent.protocol.Frame.ResourceResult;
import io.commander.agent.protocol.Frame.Telemetry;
import io.commander.agent.protocol.Frame.Welcome;
import io.commander.agent.protocol.FrameException.Reason;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON encoding of frames, shared by the agent and the gateway so both read the same fields. */
public final class Frames {

  /** Largest frame either end takes by default (a telemetry frame of every source fits with room). */
  public static final int DEFAULT_MAX_BYTES = 1024 * 1024;

  /** Close code of a session that a newer session of the same cluster replaced: its agent does not come back. */
  public static final short CLOSE_REPLACED = 4001;

  /**
   * Largest body a tunnelled request or answer may carry (before base64): its frame stays under the
   * gateway's default frame limit (256 KiB). Larger ones are refused; watches and logs followed are
   * streamed instead ({@link #streamed}).
   */
  public static final int MAX_TUNNEL_BODY_BYTES = 128 * 1024;

  /** The credit a streamed answer starts with, and the most bytes one data frame carries. */
  public static final int STREAM_WINDOW_BYTES = 256 * 1024;
  public static final int MAX_STREAM_CHUNK_BYTES = 64 * 1024;

  /**
   * How often the session holding an open stream says so on the stream's bus address; the API ends a
   * stream that heard nothing for {@value #STREAM_SILENCE_LIMIT} of these (the gateway's process died).
   */
  public static final long STREAM_KEEPALIVE_MS = 1_000;
  public static final int STREAM_SILENCE_LIMIT = 3;

  private Frames() {
  }

  /**
   * Whether a Kubernetes API request is answered as a stream: a {@code GET} with {@code watch} or
   * {@code follow} set to {@code true} or {@code 1} (a watch, a log followed).
   */
  public static boolean streamed(final String method, final String pathWithQuery) {
    final int q = pathWithQuery.indexOf('?');
    if (!"GET".equals(method) || q < 0) {
      return false;
    }
    for (String pair : pathWithQuery.substring(q + 1).split("&")) {
      final int eq = pair.indexOf('=');
      final String name = eq < 0 ? pair : pair.substring(0, eq);
      final String value = eq < 0 ? "" : pair.substring(eq + 1);
      if ((name.equals("watch") || name.equals("follow")) && (value.equals("true") || value.equals("1"))) {
        return true;
      }
    }
    return false;
  }

  public static String encode(final Frame frame) {
    final JsonObject json = new JsonObject().put("v", Frame.VERSION).put("type", frame.kind().wire());
    if (frame instanceof Hello h) {
      json.put("agent_version", h.agentVersion()).put("backend", h.backend());
    } else if (frame instanceof Welcome w) {
      json.put("session_id", w.sessionId()).put("heartbeat_seconds", w.heartbeatSeconds())
          .put("telemetry_seconds", w.telemetrySeconds());
    } else if (frame instanceof Heartbeat h) {
      json.put("sent_at", h.sentAt().toString());
    } else if (frame instanceof Telemetry t) {
      json.put("seq", t.seq()).put("sent_at", t.sentAt().toString())
          .put("sources", new JsonObject(new LinkedHashMap<>(t.sources())));
    } else if (frame instanceof DesiredState d) {
      final JsonArray resources = new JsonArray();
      d.resources().forEach(r -> resources.add(new JsonObject().put("set", r.set()).put("mode", r.mode())
          .put("manifests", r.manifests())));
      json.put("revision", d.revision()).put("resources", resources);
    } else if (frame instanceof ApplyReport a) {
      final JsonArray results = new JsonArray();
      a.results().forEach(r -> results.add(new JsonObject().put("resource", r.resource()).put("set", r.set())
          .put("status", r.status()).put("errors", new JsonArray(r.errors()))));
      json.put("revision", a.revision()).put("checked_at", a.checkedAt().toString())
          .put("applied_at", a.appliedAt() == null ? null : a.appliedAt().toString()).put("results", results);
    } else if (frame instanceof Drain d) {
      json.put("delay_ms", d.delayMillis()).put("reason", d.reason());
    } else if (frame instanceof Console c) {
      json.put("stream_id", c.streamId()).put("event", c.event()).put("data", c.data());
    } else if (frame instanceof ConsoleRequest r) {
      json.put("stream_id", r.streamId()).put("event", "request").put("method", r.method()).put("path", r.path())
          .put("headers", new JsonObject(new LinkedHashMap<>(r.headers())));
      if (r.window() > 0) {
        json.put("window", r.window());
      }
      body(json, r.body());
    } else if (frame instanceof ConsoleOpen o) {
      json.put("stream_id", o.streamId()).put("event", "open").put("status", o.status())
          .put("headers", new JsonObject(new LinkedHashMap<>(o.headers())));
    } else if (frame instanceof ConsoleCredit c) {
      json.put("stream_id", c.streamId()).put("event", "credit").put("bytes", c.bytes());
    } else if (frame instanceof ConsoleResponse r) {
      json.put("stream_id", r.streamId()).put("event", "response").put("status", r.status())
          .put("headers", new JsonObject(new LinkedHashMap<>(r.headers())));
      body(json, r.body());
    }
    return json.encode();
  }

  /**
   * Reads one frame.
   *
   * @throws FrameException when it is larger than {@code maxBytes}, not JSON, of another version, of an
   *     unknown type, or misses a field its type needs
   */
  public static Frame decode(final String text, final int maxBytes) {
    // Cheap bound first (a char is at most 3 UTF-8 bytes here), the exact count only near the limit.
    if (text.length() > maxBytes || (text.length() * 3L > maxBytes
        && text.getBytes(StandardCharsets.UTF_8).length > maxBytes)) {
      throw new FrameException(Reason.OVERSIZE, "frame larger than " + maxBytes + " bytes");
    }
    final JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new FrameException(Reason.MALFORMED, "frame is not a JSON object");
    }
    final Object version = json.getValue("v");
    if (!(version instanceof Number n) || n.intValue() != Frame.VERSION) {
      throw new FrameException(Reason.VERSION, "protocol version " + version + " is not " + Frame.VERSION);
    }
    final String type = json.getValue("type") instanceof String s ? s : null;
    try {
      return switch (kind(type)) {
        case HELLO -> new Hello(text(json, "agent_version"), json.getString("backend", ""));
        case WELCOME -> new Welcome(text(json, "session_id"), json.getInteger("heartbeat_seconds"),
            json.getInteger("telemetry_seconds"));
        case HEARTBEAT -> new Heartbeat(instant(json, "sent_at"));
        case TELEMETRY -> new Telemetry(number(json, "seq").longValue(), instant(json, "sent_at"), sources(json));
        case DESIRED_STATE -> new DesiredState(number(json, "revision").intValue(), desired(json));
        case APPLY_REPORT -> new ApplyReport(number(json, "revision").intValue(), instant(json, "checked_at"),
            json.getString("applied_at") == null ? null : instant(json, "applied_at"), results(json));
        case DRAIN -> new Drain(number(json, "delay_ms").longValue(), json.getString("reason", ""));
        case CONSOLE -> console(json);
      };
    } catch (ClassCastException | NullPointerException | DateTimeParseException e) {
      throw new FrameException(Reason.MALFORMED, "frame " + type + " has a missing or mistyped field");
    }
  }

  private static void body(final JsonObject json, final Body body) {
    if (body != null) {
      json.put("body", body.data()).put("body_encoding", body.encoding());
    }
  }

  private static Frame console(final JsonObject json) {
    final String streamId = text(json, "stream_id");
    final String event = text(json, "event");
    final Body body = json.getString("body") == null ? null
        : bodyOf(json.getString("body_encoding", Body.TEXT), json.getString("body"));
    return switch (event) {
      case "request" -> new ConsoleRequest(streamId, text(json, "method"), text(json, "path"), headers(json), body,
          json.getLong("window", 0L));
      case "open" -> new ConsoleOpen(streamId, number(json, "status").intValue(), headers(json));
      case "credit" -> new ConsoleCredit(streamId, number(json, "bytes").longValue());
      case "response" -> new ConsoleResponse(streamId, number(json, "status").intValue(), headers(json), body);
      default -> new Console(streamId, event, json.getString("data"));
    };
  }

  private static Body bodyOf(final String encoding, final String data) {
    try {
      return new Body(encoding, data);
    } catch (IllegalArgumentException e) {
      throw new FrameException(Reason.MALFORMED, e.getMessage());
    }
  }

  private static Map<String, String> headers(final JsonObject json) {
    final Map<String, String> out = new LinkedHashMap<>();
    final JsonObject headers = json.getJsonObject("headers", new JsonObject());
    headers.forEach(e -> out.put(e.getKey().toLowerCase(java.util.Locale.ROOT), (String) e.getValue()));
    return out;
  }

  private static Kind kind(final String type) {
    for (Kind kind : Kind.values()) {
      if (kind.wire().equals(type)) {
        return kind;
      }
    }
    throw new FrameException(Reason.UNKNOWN, "unknown frame type " + type);
  }

  private static String text(final JsonObject json, final String field) {
    final String value = json.getString(field);
    if (value == null) {
      throw new FrameException(Reason.MALFORMED, "frame " + json.getString("type") + " has no " + field);
    }
    return value;
  }

  private static Number number(final JsonObject json, final String field) {
    final Number value = json.getNumber(field);
    if (value == null) {
      throw new FrameException(Reason.MALFORMED, "frame " + json.getString("type") + " has no " + field);
    }
    return value;
  }

  private static Instant instant(final JsonObject json, final String field) {
    return Instant.parse(text(json, field));
  }

  private static Map<String, JsonObject> sources(final JsonObject json) {
    final JsonObject sources = json.getJsonObject("sources");
    final Map<String, JsonObject> out = new LinkedHashMap<>();
    sources.forEach(e -> out.put(e.getKey(), sources.getJsonObject(e.getKey())));
    return out;
  }

  private static List<DesiredResources> desired(final JsonObject json) {
    final List<DesiredResources> out = new ArrayList<>();
    for (Object o : json.getJsonArray("resources")) {
      final JsonObject r = (JsonObject) o;
      out.add(new DesiredResources(text(r, "set"), text(r, "mode"), text(r, "manifests")));
    }
    return out;
  }

  private static List<ResourceResult> results(final JsonObject json) {
    final List<ResourceResult> out = new ArrayList<>();
    for (Object o : json.getJsonArray("results")) {
      final JsonObject r = (JsonObject) o;
      final List<String> errors = new ArrayList<>();
      r.getJsonArray("errors", new JsonArray()).forEach(e -> errors.add((String) e));
      out.add(new ResourceResult(text(r, "resource"), r.getString("set", ""), text(r, "status"), errors));
    }
    return out;
  }
}
