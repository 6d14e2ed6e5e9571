package io.commander.server.rendering;

import io.commander.core.bus.Addresses;
import io.commander.core.config.CommanderConfig;
import io.commander.core.config.Role;
import io.commander.core.verticle.RoleVerticle;
import io.commander.renderer.gotemplate.RenderBudget;
import io.commander.renderer.gotemplate.RenderLimits;
import io.commander.server.metrics.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The renderer role: answers {@link Addresses#RENDERER_RENDER} and {@link Addresses#RENDERER_VALIDATE}.
 * Rendering is CPU work whose length a template decides, so it runs on a pool of its own, never on
 * an event loop, admitted by a {@link RenderQueue} that is fair between workspaces: a workspace
 * rendering hostile templates holds at most its share of the threads, each of its renders ends
 * within the render budget, and work beyond the queue is refused at once (503 with Retry-After).
 */
public final class RendererVerticle extends RoleVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(RendererVerticle.class);
  /** Renders run on this pool, sized by {@code renderer.threads}. */
  public static final String POOL = "renderer";
  /** Failure code of a reply when rendering itself broke (a bug, not a template problem). */
  public static final int FAILED = 500;
  /** Failure code of a reply when no thread or place in the queue was free in time: try again later. */
  public static final int BUSY = 503;
  /** Workspace of work no workspace asked for (checks of a template before it is saved). */
  private static final String NO_WORKSPACE = "";

  private final CommanderConfig.Renderer settings;
  private final Renderer renderer;
  private RenderQueue queue;
  private WorkerExecutor pool;
  /** Renders waiting or running for an API request, by its id: touched only on this verticle's event loop. */
  private final Map<String, Pending<?, ?>> byRequest = new HashMap<>();
  private Counter abandoned;
  private List<Gauge> gauges = List.of();

  public RendererVerticle(final CommanderConfig.Renderer settings) {
    super(Role.RENDERER);
    this.settings = settings;
    this.renderer = new Renderer(new RenderLimits(settings.timeout(), settings.maxSteps(), settings.maxOutput(),
        settings.maxValue()));
  }

  @Override
  public Future<?> start() {
    pool = vertx.createSharedWorkerExecutor(POOL, settings.threads());
    queue = new RenderQueue(settings.threads(), settings.workspaceShare(), settings.queue());
    abandoned = Counter.builder("commander.renderer.abandoned")
        .description("Renders abandoned because their caller went away").register(Meters.registry());
    gauges = List.of(
        Gauge.builder("commander.renderer.running", queue, RenderQueue::running)
            .description("Renders running on the renderer's threads").register(Meters.registry()),
        Gauge.builder("commander.renderer.waiting", queue, RenderQueue::waiting)
            .description("Renders waiting for a thread").register(Meters.registry()));
    final MessageConsumer<RenderRequest> render = vertx.eventBus().consumer(Addresses.RENDERER_RENDER,
        message -> admit(message, message.body().workspace().toString(), message.body().requestId(),
            renderer::render));
    final MessageConsumer<ValidateRequest> validate = vertx.eventBus().consumer(Addresses.RENDERER_VALIDATE,
        message -> admit(message, NO_WORKSPACE, null, (request, budget) -> renderer.validate(request)));
    final MessageConsumer<String> gone = vertx.eventBus().consumer(Addresses.API_REQUEST_GONE,
        message -> abandon(message.body()));
    return Future.all(render.completion(), validate.completion(), gone.completion()).compose(v -> super.start());
  }

  /**
   * The caller of a render went away: a waiting render leaves the queue, a running one ends at its
   * next budget check, so its thread serves someone who still waits.
   */
  private void abandon(final String requestId) {
    final Pending<?, ?> pending = byRequest.remove(requestId);
    if (pending == null) {
      return;
    }
    abandoned.increment();
    if (pending.budget != null) {
      pending.budget.cancel();
    } else if (queue.withdraw(pending.workspace, pending)) {
      vertx.cancelTimer(pending.timer);
      pending.message.fail(BUSY, "abandoned: the caller went away before the render started");
    }
  }

  @Override
  public Future<?> stop() {
    gauges.forEach(Meters.registry()::remove);
    return pool.close();
  }

  /**
   * Runs the work when the queue lets it, or refuses it at once. Work that waits longer than a
   * render may take is abandoned unrendered, and a render that waited runs only for what is left of
   * twice the render time: its caller waits longer than that (see {@link CommanderConfig.Renderer#replyTimeout}),
   * so it always hears back, and never after it gave up.
   */
  private <T, R> void admit(final Message<T> message, final String workspace, final String requestId,
                            final BiFunction<T, RenderBudget, R> work) {
    final Pending<T, R> pending = new Pending<>(message, workspace, requestId, work,
        System.nanoTime() + settings.timeout().multipliedBy(2).toNanos());
    if (requestId != null) {
      byRequest.put(requestId, pending);
    }
    if (!queue.offer(workspace, pending)) {
      pending.forget();
      message.fail(BUSY, "the renderer is busy: " + queue.running() + " renders running, " + queue.waiting()
          + " waiting");
    } else if (!pending.started) {
      pending.timer = vertx.setTimer(settings.timeout().toMillis(), t -> {
        if (queue.withdraw(workspace, pending)) {
          pending.forget();
          message.fail(BUSY, "the renderer is busy: no thread was free for " + settings.timeout().toMillis() + " ms");
        }
      });
    }
  }

  /** A request admitted by the queue, until its reply. Touched only on this verticle's event loop. */
  private final class Pending<T, R> implements RenderQueue.Job {
    private final Message<T> message;
    private final String workspace;
    private final String requestId;
    private final BiFunction<T, RenderBudget, R> work;
    private final long deadline;
    private boolean started;
    private long timer = -1;
    /** Set when the render starts; cancelling it ends the render. */
    private RenderBudget budget;

    Pending(final Message<T> message, final String workspace, final String requestId,
            final BiFunction<T, RenderBudget, R> work, final long deadline) {
      this.message = message;
      this.workspace = workspace;
      this.requestId = requestId;
      this.work = work;
      this.deadline = deadline;
    }

    void forget() {
      if (requestId != null) {
        byRequest.remove(requestId, this);
      }
    }

    @Override
    public void start() {
      started = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      final RenderBudget own = renderer.budget(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      budget = own;
      pool.<R>executeBlocking(() -> work.apply(message.body(), own), false).onComplete(done -> {
        forget();
        queue.done(workspace);
        if (done.succeeded()) {
          message.reply(done.result());
        } else {
          LOG.error("render failed [address: {}]", message.address(), done.cause());
          message.fail(FAILED, done.cause().getClass().getSimpleName() + ": " + done.cause().getMessage());
        }
      });
    }
  }
}
