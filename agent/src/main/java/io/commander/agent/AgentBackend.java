package io.commander.agent;

import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.commander.agent.protocol.Frame.DesiredState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/** What the agent's link asks of the cluster it runs in (a real one, or a simulated one). */
public interface AgentBackend {

  /** {@code kubernetes} or {@code simulated}, said in hello. */
  String name();

  /** The telemetry sources whose content changed since the last call (all of them on the first). */
  Future<Map<String, JsonObject>> changedSources(Instant now);

  /** Every source as it is now, sent after each (re)connect. */
  Future<Map<String, JsonObject>> allSources(Instant now);

  /** Makes the cluster hold the desired resources; answers what became of each. */
  Future<ApplyReport> apply(DesiredState desired, Instant now);

  /**
   * Where the backend sends a report nobody asked for: after it put back resources that were deleted
   * or changed in the cluster (same revision). The link registers its sender; a backend that never
   * reports on its own ignores it. Reports may come from any thread.
   */
  default void onReport(Consumer<ApplyReport> sink) {
  }

  /**
   * Makes one Kubernetes API request for Commander (the tunnel): answers the API server's status, content
   * type and body, or a refusal of the agent's own (a {@code Status} of 403, reason
   * {@value KubeStatus#FORBIDDEN}). The future fails only when no answer could be made at all. By default
   * every request is refused.
   */
  default Future<ConsoleResponse> kubernetes(final ConsoleRequest request) {
    return Future.succeededFuture(KubeStatus.response(request.streamId(), 403, KubeStatus.FORBIDDEN,
        "the " + name() + " backend serves no Kubernetes API"));
  }

  /**
   * Where a streamed answer goes (the link's end of one stream). Its methods may be called from any
   * thread, in order: {@code respond} alone (an answer in one piece after all, e.g. a refusal), or
   * {@code open}, any number of {@code data}, then {@code end}.
   */
  interface StreamSink {
    void respond(ConsoleResponse response);

    void open(int status, Map<String, String> headers);

    void data(byte[] bytes);

    void end(String reason);
  }

  /**
   * A streamed answer being produced. The link pauses it when the reader's credit is used up and resumes
   * it when credit comes back (a paused source reads nothing more from the API server), and cancels it
   * when the reader goes. Thread-safe.
   */
  interface StreamSource {
    StreamSource NONE = new StreamSource() {
      @Override
      public void pause() {
      }

      @Override
      public void resume() {
      }

      @Override
      public void cancel() {
      }
    };

    void pause();

    void resume();

    void cancel();
  }

  /**
   * Makes one tunnelled request whose answer may be streamed ({@code watch}, {@code follow}). By default
   * it is answered in one piece, as {@link #kubernetes}.
   */
  default StreamSource stream(final ConsoleRequest request, final StreamSink sink) {
    kubernetes(request).onComplete(done -> sink.respond(done.succeeded() ? done.result()
        : KubeStatus.response(request.streamId(), 502, "agent_request_failed",
            "the agent could not make the request: " + done.cause().getMessage())));
    return StreamSource.NONE;
  }
}
