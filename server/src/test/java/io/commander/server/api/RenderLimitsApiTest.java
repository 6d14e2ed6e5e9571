package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.testing.HostileTemplates;
import io.commander.testing.HostileTemplates.Hostile;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile templates through every API that renders, and one workspace's hostile renders beside
 * another's ordinary ones: each hostile render ends within the budget, the others keep succeeding.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class RenderLimitsApiTest {

  private static final String PLACEMENT = "apiVersion: deckhouse.io/v1\nkind: StaticClusterConfiguration\n"
      + "internalNetworkCIDRs: [10.0.0.0/24]\n";
  private static final String KUBERNETES = "apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\n"
      + "clusterType: Static\npodSubnetCIDR: 10.111.0.0/16\nserviceSubnetCIDR: 10.222.0.0/16\n"
      + "kubernetesVersion: Automatic\nclusterDomain: cluster.local\n";
  /** The budget the answers must come within: the render's time, a wait for a thread as long, and slack. */
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2 * 2 + 4);
  /**
   * The heap live (after a full collection) while the storm lasts, for the whole test JVM (Commander,
   * the Kafka broker, the test's own clients); without limits one alias document alone took gigabytes.
   */
  private static final long HEAP_BOUND = 512L << 20;

  private ApiFixture api;
  private Credentials hostileWorkspace;
  private Credentials otherWorkspace;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state, Map.of("COMMANDER_RENDERER_THREADS", "4",
        "COMMANDER_RENDERER_WORKSPACE_SHARE", "2", "COMMANDER_RENDERER_QUEUE", "64"));
    hostileWorkspace = Credentials.token(api.token(api.admin(), api.workspace("hostile"), false));
    otherWorkspace = Credentials.token(api.token(api.admin(), api.workspace("ordinary"), false));
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  static Stream<Hostile> hostile() {
    return HostileTemplates.ALL.stream();
  }

  private static JsonObject content(final String kubernetes) {
    return new JsonObject().put("params", new JsonArray())
        .put("sections", new JsonObject().put("kubernetes", kubernetes).put("placement", PLACEMENT));
  }

  /** A render's answer ended as the hostile template must end. */
  private static void endedAsExpected(final Hostile hostile, final String body) {
    if (hostile.limit()) {
      assertThat(body).contains("\"code\":\"render_limit_exceeded\"")
          .containsAnyOf(hostile.expected(), "renderer.timeout-ms");
    } else {
      // Go's own error, unless the machine is so busy that the render's time ran out first.
      assertThat(body).containsAnyOf(hostile.expected().replace("\"", "\\\""), "renderer.timeout-ms");
    }
  }

  private Response timed(final java.util.function.Supplier<Response> call) {
    final long start = System.nanoTime();
    final Response response = call.get();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as(response.toString()).isLessThan(ANSWER_WITHIN);
    return response;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void hostileTemplatesEndThroughEveryApiThatRenders(final Hostile hostile) {
    final Response preview = timed(() -> api.call("POST", "/render",
        content(hostile.template()).put("values", new JsonObject()), hostileWorkspace));
    assertThat(preview.status()).as(preview.body()).isEqualTo(200);
    endedAsExpected(hostile, preview.body());

    final Response template = api.call("POST", "/cluster_templates", content(hostile.template())
        .put("name", "hostile-" + Math.abs(hostile.name().hashCode())), hostileWorkspace);
    assertThat(template.status()).as("a hostile template parses, so it is saved: " + template.body()).isEqualTo(201);
    final String id = template.json().getString("id");
    final Response saved = timed(() -> api.call("POST", "/cluster_templates/" + id + "/render",
        new JsonObject().put("values", new JsonObject()), hostileWorkspace));
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    endedAsExpected(hostile, saved.body());

    final String version = template.json().getJsonArray("cluster_template_versions").getJsonObject(0).getString("id");
    final Response created = timed(() -> api.call("POST", "/clusters", new JsonObject()
        .put("name", "c-" + Math.abs(hostile.name().hashCode())).put("cluster_template_version_id", version)
        .put("provisioner", "simulated").put("values", new JsonObject()), hostileWorkspace));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().getString("status")).isEqualTo("configuration_error");
    final Response cluster = api.call("GET", "/clusters/" + created.json().getString("id"), null, hostileWorkspace);
    endedAsExpected(hostile, cluster.body());
    if (hostile.limit()) {
      assertThat(api.queryOne("SELECT count(*)::text FROM tasks WHERE cluster_id = ?::uuid",
          created.json().getString("id"))).as("nothing to install").isEqualTo("0");
    }
  }

  @Test
  void oneWorkspacesHostileRendersLeaveOtherWorkspacesRendering() throws Exception {
    final ExecutorService callers = Executors.newFixedThreadPool(10);
    // The heap renders keep alive, sampled after a full collection (this JVM's only) while the storm lasts.
    final AtomicLong peakLive = new AtomicLong();
    final AtomicLong samples = new AtomicLong();
    final CompletableFuture<Void> stormOver = new CompletableFuture<>();
    final Thread sampler = new Thread(() -> {
      while (!stormOver.isDone()) {
        System.gc();
        peakLive.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        samples.incrementAndGet();
        try {
          stormOver.get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          // Not over yet: sample again.
        }
      }
    }, "heap-sampler");
    sampler.start();
    try {
      final List<Hostile> heavy = HostileTemplates.ALL.stream().filter(Hostile::limit).toList();
      final List<CompletableFuture<Response>> hostile = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        final Hostile h = heavy.get(i % heavy.size());
        hostile.add(CompletableFuture.supplyAsync(() -> api.call("POST", "/render",
            content(h.template()).put("values", new JsonObject()), hostileWorkspace), callers));
      }
      // Ordinary renders from another workspace, one after another while the storm lasts.
      final List<Long> ordinaryMillis = new ArrayList<>();
      while (hostile.stream().anyMatch(f -> !f.isDone())) {
        final long start = System.nanoTime();
        final Response ok = api.call("POST", "/render", content(KUBERNETES).put("values", new JsonObject()),
            otherWorkspace);
        ordinaryMillis.add((System.nanoTime() - start) / 1_000_000);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().getBoolean("valid")).as(ok.body()).isTrue();
      }
      // Each succeeded (asserted above); how fast depends on what else the machine runs.
      assertThat(ordinaryMillis).as("ordinary renders during the storm").isNotEmpty();
      System.out.printf("ordinary renders during the storm: %s ms%n", ordinaryMillis);
      for (CompletableFuture<Response> f : hostile) {
        final Response r = f.get();
        if (r.status() == 503) {
          // Past the workspace's share and queue: refused, with when to come back.
          assertThat(r.code()).isEqualTo("renderer_busy");
          assertThat(r.header("Retry-After")).isPresent();
        } else {
          assertThat(r.status()).as(r.body()).isEqualTo(200);
          assertThat(r.body()).contains("render_limit_exceeded");
        }
      }
    } finally {
      stormOver.complete(null);
      sampler.join();
      callers.shutdownNow();
    }
    System.out.printf("heap during 8 hostile renders: at most %d MiB live (%d samples after a full collection)%n",
        peakLive.get() >> 20, samples.get());
    assertThat(samples.get()).as("samples during the storm").isGreaterThan(3);
    assertThat(peakLive.get()).as("heap live during the storm").isLessThan(HEAP_BOUND);
  }

  @Test
  void workBeyondTheQueueIsRefusedAtOnce() throws Exception {
    // 2 running and 16 waiting fill the workspace's part (a quarter of 64); the rest are refused at once.
    final ExecutorService callers = Executors.newFixedThreadPool(24);
    try {
      final String slow = "{{ range until 1000000 }}{{ range until 1000000 }}{{ end }}{{ end }}";
      final List<CompletableFuture<Response>> answers = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        final CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> api.call("POST", "/render",
            content(slow).put("values", new JsonObject()), hostileWorkspace), callers);
        answers.add(answer);
      }
      int refused = 0;
      for (CompletableFuture<Response> a : answers) {
        final Response r = a.get();
        if (r.status() == 503) {
          refused++;
          assertThat(r.code()).isEqualTo("renderer_busy");
          assertThat(r.header("Retry-After")).hasValue("2");
        } else {
          assertThat(r.body()).contains("render_limit_exceeded");
        }
      }
      assertThat(refused).as("refused").isGreaterThanOrEqualTo(6);
    } finally {
      callers.shutdownNow();
    }
  }
}
