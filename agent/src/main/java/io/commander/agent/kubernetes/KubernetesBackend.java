package io.commander.agent.kubernetes;

import io.commander.agent.AgentBackend;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.commander.agent.kubernetes.Manifests.Entry;
import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.DesiredState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's backend for the cluster it runs in, through fabric8's client. Every call to the API
 * server runs on the named, bounded worker pool {@value #POOL} and comes back as a Vert.x future; the
 * event loop never blocks. Applies and resyncs take turns (one lock); telemetry reads run beside them.
 *
 * <p><b>Apply</b>: see {@link Applier} (server-side apply by default, {@link KubernetesSettings}).
 * <b>Keeping enforced objects in place</b>: an informer per kind of enforced object (filtered by the
 * {@value Manifests#LABEL_MANAGED} label) notices an object deleted or changed and starts a resync
 * within a moment; a periodic resync ({@link KubernetesSettings#resync()}) catches what watches miss.
 * A resync that put something back (or whose failures changed) pushes a fresh apply report of the same
 * revision to the link ({@link #onReport}). <b>Telemetry</b>: see {@link Telemetry}; a source is sent
 * again only when its JSON differs from what was sent last.
 */
public final class KubernetesBackend implements AgentBackend {

  public static final String NAME = "kubernetes";
  public static final String POOL = "agent-kubernetes";
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesBackend.class);
  /** Events coming in a burst (an apply's own writes, a deleted namespace's contents) make one resync. */
  private static final long EVENT_DEBOUNCE_MS = 300;

  private final Vertx vertx;
  private final KubernetesClient client;
  private final KubernetesSettings settings;
  private final WorkerExecutor pool;
  private final Applier applier;
  private final Telemetry telemetry;
  private final HttpClient tunnelHttp;
  private final KubernetesTunnel tunnel;
  private final Object lock = new Object();
  private final Map<String, SharedIndexInformer<? extends HasMetadata>> informers = new ConcurrentHashMap<>();
  /** Kinds that could not be watched: the periodic resync alone keeps them in place. */
  private final Set<String> unwatched = ConcurrentHashMap.newKeySet();
  /** The enforced objects as desired now, for the watches to compare events with. */
  private final Map<ResourceRef, HasMetadata> enforced = new ConcurrentHashMap<>();
  private final AtomicBoolean resyncPending = new AtomicBoolean();
  private final long resyncTimer;
  private volatile Consumer<ApplyReport> sink = report -> { };
  private volatile boolean closed;
  private final Map<String, JsonObject> sent = new HashMap<>();
  private Map<String, JsonObject> lastRead;
  private Instant lastReadAt;

  public KubernetesBackend(final Vertx vertx, final KubernetesClient client, final KubernetesSettings settings) {
    this.vertx = vertx;
    this.client = client;
    this.settings = settings;
    this.pool = vertx.createSharedWorkerExecutor(POOL, 4);
    this.applier = new Applier(client, settings);
    this.telemetry = new Telemetry(client);
    // The passthrough's own transport on this Vert.x: requests and answers stay on its event loops.
    this.tunnelHttp = new Vertx5HttpClientFactory(vertx).newBuilder(client.getConfiguration()).build();
    this.tunnel = new KubernetesTunnel(client, tunnelHttp, pool);
    this.resyncTimer = vertx.setPeriodic(settings.resync().toMillis(), t -> resync());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void onReport(final Consumer<ApplyReport> sink) {
    this.sink = sink;
  }

  @Override
  public Future<Map<String, JsonObject>> changedSources(final Instant now) {
    return sources(now, false);
  }

  @Override
  public Future<Map<String, JsonObject>> allSources(final Instant now) {
    return sources(now, true);
  }

  private Future<Map<String, JsonObject>> sources(final Instant now, final boolean all) {
    return pool.executeBlocking(() -> {
      final Map<String, JsonObject> read = read(now);
      final Map<String, JsonObject> answer = new LinkedHashMap<>();
      synchronized (sent) {
        read.forEach((source, document) -> {
          if (all || !document.equals(sent.get(source))) {
            answer.put(source, document.copy());
            sent.put(source, document.copy());
          }
        });
      }
      return answer;
    }, false);
  }

  /** The cluster's telemetry, read at most once per telemetry interval. */
  private Map<String, JsonObject> read(final Instant now) {
    synchronized (telemetry) {
      if (lastRead == null || lastReadAt == null || !now.isBefore(lastReadAt.plus(settings.telemetryInterval()))
          || now.isBefore(lastReadAt)) {
        lastRead = telemetry.read();
        lastReadAt = now;
      }
      return lastRead;
    }
  }

  @Override
  public Future<ApplyReport> apply(final DesiredState desired, final Instant now) {
    return pool.executeBlocking(() -> {
      final List<Entry> entries = Manifests.parse(desired);
      synchronized (lock) {
        final Applier.Outcome outcome = applier.apply(entries, desired.revision());
        watch();
        return report(outcome, now);
      }
    }, false);
  }

  /**
   * Compares every enforced object with the cluster now and puts back what is missing or changed; pushes
   * a report when that changed anything. Also what the periodic timer and the watches call.
   */
  public Future<ApplyReport> resync() {
    if (closed) {
      return Future.succeededFuture();
    }
    return pool.executeBlocking(() -> {
      synchronized (lock) {
        if (closed) {
          return null;
        }
        final Applier.Outcome outcome = applier.resync();
        watch();
        if (!outcome.changed()) {
          return null;
        }
        final ApplyReport report = report(outcome, Instant.now());
        sink.accept(report);
        return report;
      }
    }, false).onFailure(e -> LOG.warn("resync failed: {}", e.getMessage()));
  }

  private static ApplyReport report(final Applier.Outcome outcome, final Instant now) {
    return new ApplyReport(outcome.revision(), now, outcome.changed() ? now : null, outcome.results());
  }

  /** Starts an informer for each kind of enforced object not watched yet (on the pool, under the lock). */
  private void watch() {
    enforced.clear();
    for (final Entry entry : applier.enforced()) {
      enforced.put(entry.ref(), entry.object());
      final HasMetadata object = entry.object();
      final String kind = object.getApiVersion() + "/" + object.getKind();
      if (closed || informers.containsKey(kind) || unwatched.contains(kind)) {
        continue;
      }
      try {
        informers.put(kind, inform(object));
      } catch (final RuntimeException e) {
        LOG.info("cannot watch {} ({}): the periodic resync keeps it in place", kind, e.getMessage());
        unwatched.add(kind);
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private SharedIndexInformer<? extends HasMetadata> inform(final HasMetadata object) {
    final ResourceEventHandler handler = new ResourceEventHandler<HasMetadata>() {
      @Override
      public void onAdd(final HasMetadata live) {
        compare(ref(live), live);
      }

      @Override
      public void onUpdate(final HasMetadata before, final HasMetadata live) {
        compare(ref(live), live);
      }

      @Override
      public void onDelete(final HasMetadata live, final boolean unknownFinalState) {
        if (enforced.containsKey(ref(live))) {
          soon();
        }
      }

      /** Items of a list may come without apiVersion and kind: the watched kind's. */
      private ResourceRef ref(final HasMetadata live) {
        return new ResourceRef(object.getApiVersion(), object.getKind(), live.getMetadata().getNamespace(),
            live.getMetadata().getName());
      }
    };
    if (object instanceof GenericKubernetesResource) {
      final var operation = client.genericKubernetesResources(object.getApiVersion(), object.getKind());
      return (object.getMetadata().getNamespace() != null ? operation.inAnyNamespace() : operation)
          .withLabel(Manifests.LABEL_MANAGED, "true").inform(handler, 0);
    }
    final var operation = client.resources((Class<HasMetadata>) object.getClass());
    return (object instanceof Namespaced ? operation.inAnyNamespace() : operation)
        .withLabel(Manifests.LABEL_MANAGED, "true").inform(handler, 0);
  }

  /** An event of a watched object: a resync soon if it is enforced and no longer as desired. */
  private void compare(final ResourceRef ref, final HasMetadata live) {
    final HasMetadata desired = enforced.get(ref);
    if (desired != null && !Merge.holds(live, desired)) {
      soon();
    }
  }

  private void soon() {
    if (!closed && resyncPending.compareAndSet(false, true)) {
      vertx.setTimer(EVENT_DEBOUNCE_MS, t -> {
        resyncPending.set(false);
        resync();
      });
    }
  }

  /**
   * Makes one tunnelled request against this cluster's API server with the agent's own credentials, on
   * the pool, within {@link TunnelPolicy} (see {@link KubernetesTunnel#request}).
   */
  @Override
  public Future<ConsoleResponse> kubernetes(final ConsoleRequest request) {
    return tunnel.request(request);
  }

  /** A watch or a log followed, read from the API server only as fast as its reader takes it. */
  @Override
  public StreamSource stream(final ConsoleRequest request, final StreamSink sink) {
    return tunnel.stream(request, sink);
  }

  /** Stops the watches, the resync timer and the pool; the client is its creator's to close. */
  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(resyncTimer);
    final List<SharedIndexInformer<? extends HasMetadata>> running = new ArrayList<>(informers.values());
    informers.clear();
    return pool.executeBlocking(() -> {
      synchronized (lock) {
        running.forEach(SharedIndexInformer::close);
      }
      return null;
    }, false).eventually(pool::close).eventually(() -> {
      tunnelHttp.close();
      return Future.succeededFuture();
    }).mapEmpty();
  }
}
