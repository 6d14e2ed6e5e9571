package io.commander.core.bus;

/**
 * Every event-bus address Commander's roles talk on, in one place. Messages on them are typed
 * records whose codecs carry JSON, so the same addresses work on a clustered event bus.
 */
public final class Addresses {

  /** Renders a template version with values: a {@code RenderRequest}, answered by a {@code RenderReply}. */
  public static final String RENDERER_RENDER = "renderer.render";
  /** Checks a template version's content before it is saved: a {@code ValidateRequest}, answered by a {@code ValidateReply}. */
  public static final String RENDERER_VALIDATE = "renderer.validate";
  /**
   * Published with an API request's id when its caller went away before the answer: work done only
   * for that answer (a render) is abandoned.
   */
  public static final String API_REQUEST_GONE = "api.request.gone";

  /**
   * Kubernetes API requests for a cluster's agent, from the API to the connector role: a
   * {@code ConnectorCall} (who asks, whether they may write, the request frame, how a write is audited),
   * answered with the agent's response frame as JSON text; a failed reply carries an HTTP status as its
   * code (403, 413, 429, 503, 504). A call whose answer may be streamed names its stream in
   * {@link #STREAM_HEADER}, passed on to the gateway.
   */
  public static final String CONNECTOR_REQUEST = "connector.request";

  /**
   * Prefix of the addresses a running task's log lines are published on, one JSON object per line:
   * {@code {seq, at, stream, line}}. Build addresses with {@link #taskLog}.
   */
  public static final String TASK_LOG_PREFIX = "tasks.log.";

  /**
   * Prefix of the addresses a cluster's agent session listens on for what to send its agent (a
   * desired-state frame as JSON text). Build addresses with {@link #agentDeliver}.
   */
  public static final String AGENT_PREFIX = "agent.";

  private Addresses() {
  }

  /** Where the log lines of one task are published live. */
  public static String taskLog(final java.util.UUID taskId) {
    return TASK_LOG_PREFIX + taskId;
  }

  /**
   * Where one Kubernetes API request for a cluster is sent, to whichever session holds it: the body is a
   * {@code console} request frame as JSON text (its stream id is the session's to choose), the reply the
   * response frame as JSON text; a failed reply carries an HTTP status as its code (429, 503, 504).
   */
  public static String agentTunnel(final java.util.UUID clusterId) {
    return AGENT_PREFIX + clusterId + ".tunnel";
  }

  /** Where frames for the agent of one cluster are sent, to whichever session holds it. */
  public static String agentDeliver(final java.util.UUID clusterId) {
    return AGENT_PREFIX + clusterId + ".deliver";
  }

  /**
   * Where the gateway sends a streamed answer's {@code console} frames ({@code data}, then {@code close}),
   * to the API process that asked for it. {@code stream} is the key the API chose, sent with the request
   * in the {@link #STREAM_HEADER} header.
   */
  public static String tunnelStream(final java.util.UUID stream) {
    return TUNNEL_STREAM_PREFIX + stream;
  }

  /** Prefix of the addresses of streamed answers and their control: see {@link #tunnelStream}. */
  public static final String TUNNEL_STREAM_PREFIX = "tunnel.stream.";

  /**
   * Where the API process sends the gateway the reader's {@code credit} and {@code close} (cancel) frames
   * of one streamed answer.
   */
  public static String tunnelStreamControl(final java.util.UUID stream) {
    return TUNNEL_STREAM_PREFIX + stream + ".control";
  }

  /** The header of a tunnel request whose answer may be streamed: the stream's key. */
  public static final String STREAM_HEADER = "commander-stream";
}
