package io.commander.agent.fleet;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@code bin/commander simulate --clusters N}: a fleet of simulated clusters against a running
 * Commander. Through the API it makes sure N clusters named {@code sim-00001}... exist (with the
 * simulated provisioner and a template of its own, both created when missing; clusters made by an
 * earlier run are reused), reads each one's agent token from its agent manifest, and then runs N
 * agents in this JVM over the real websocket until stopped, printing a status line every 10 s.
 *
 * <p>Commander must leave simulated clusters' agents to it ({@code simulated.agents: external});
 * otherwise its own in-process agents and these replace each other, which the status shows as
 * {@code replaced}.
 */
public final class FleetSimulator {

  public static final String PREFIX = "sim-";
  /** API calls in flight while creating clusters and reading their tokens. */
  static final int IN_FLIGHT = 32;
  private static final String USAGE = """
      usage: commander simulate --clusters N [--url URL] [--token TOKEN | --email EMAIL --password PASSWORD]
                                [--workspace SLUG]
        --clusters N     simulated clusters (sim-00001 ...), created through the API when missing
        --url URL        Commander's URL (default http://localhost:8080, as bin/commander up)
        --token TOKEN    a workspace API token (X-Auth-Token); or COMMANDER_TOKEN
        --email, --password   sign in instead (COMMANDER_EMAIL, COMMANDER_PASSWORD); the workspace
                         named by --workspace (default sim) is created when missing
      Commander must run with simulated.agents: external (COMMANDER_SIMULATED_AGENTS=external), so that
      it does not run these clusters' agents itself; simulated.install-duration: 0 installs them at once.
      """;

  private FleetSimulator() {
  }

  public static void main(final String[] args) throws InterruptedException {
    // Before any logger exists: warnings only, or each of thousands of reconnects would print a line.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "fleet-logback.xml");
    }
    final Map<String, String> options = options(args);
    if (options == null || !options.containsKey("clusters")) {
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    final int clusters = Integer.parseInt(options.get("clusters"));
    final String url = options.getOrDefault("url", "http://localhost:8080");
    final String token = options.getOrDefault("token", System.getenv().getOrDefault("COMMANDER_TOKEN", ""));
    final String email = options.getOrDefault("email", System.getenv().getOrDefault("COMMANDER_EMAIL", ""));
    final String password = options.getOrDefault("password", System.getenv().getOrDefault("COMMANDER_PASSWORD", ""));
    final CommanderApi api;
    if (!token.isBlank()) {
      if (options.containsKey("workspace")) {
        System.err.println("simulate: a workspace token names its workspace; --workspace is ignored");
      }
      api = CommanderApi.withToken(url, token);
    } else if (!email.isBlank() && !password.isBlank()) {
      try {
        api = CommanderApi.signIn(url, email, password, options.getOrDefault("workspace", "sim"));
      } catch (RuntimeException e) {
        System.err.println("simulate: " + e.getMessage());
        System.exit(1);
        return;
      }
    } else {
      System.err.print("""
          simulate: needs an API token of the workspace to fill (--token, or COMMANDER_TOKEN), or --email and
          --password to sign in. To make a token: in the web UI, API tokens -> New token (choose the workspace,
          not read-only); or with curl:
            curl -c /tmp/c -H 'Content-Type: application/json' -d '{"email":"admin@localhost","password":"..."}' \\
                 URL/api/v1/auth/login
            curl -b /tmp/c -H "X-CSRF-Token: $(awk '/commander_csrf/ {print $7}' /tmp/c)" \\
                 -H 'Content-Type: application/json' -d '{"name":"simulator","workspace_id":"<workspace id>"}' \\
                 URL/api/v1/auth_tokens      (the answer's "token")
          """.replace("URL", url));
      System.exit(2);
      return;
    }

    final Map<String, String> tokens;
    try {
      tokens = tokens(api, ensureClusters(api, clusters));
    } catch (RuntimeException e) {
      final Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
          ? e.getCause() : e;
      System.err.println("simulate: " + cause.getMessage());
      System.exit(1);
      return;
    }
    final Vertx vertx = Vertx.vertx();
    final Fleet fleet = new Fleet(vertx, url);
    tokens.forEach(fleet::add);
    System.out.printf(Locale.ROOT, "simulate: %,d agents started against %s; Ctrl-C stops%n", tokens.size(), url);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      fleet.stop().eventually(vertx::close).toCompletionStage().toCompletableFuture().join();
      System.out.println("simulate: stopped; " + fleet.status());
    }, "simulate-shutdown"));
    // A status line every 10 s until Ctrl-C; Vert.x's threads keep the process alive.
    final long[] replacedWarned = {0};
    vertx.setPeriodic(Duration.ofSeconds(10).toMillis(), t -> {
      System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + fleet.status());
      final long replaced = fleet.stats().replaced.sum();
      if (replaced > replacedWarned[0]) {
        replacedWarned[0] = replaced;
        System.out.println("simulate: another agent replaced " + replaced + " of these; is Commander running its "
            + "own simulated agents? Start it with COMMANDER_SIMULATED_AGENTS=external");
      }
    });
  }

  /** The clusters sim-00001 ... sim-N: reused when an earlier run created them, created otherwise. */
  static Map<String, String> ensureClusters(final CommanderApi api, final int clusters) {
    final Map<String, String> existing = api.clusters(PREFIX);
    final List<String> missing = new ArrayList<>();
    final Map<String, String> ids = new LinkedHashMap<>();
    for (int i = 1; i <= clusters; i++) {
      final String name = name(i);
      if (existing.containsKey(name)) {
        ids.put(name, existing.get(name));
      } else {
        missing.add(name);
      }
    }
    System.out.printf(Locale.ROOT, "simulate: %,d of %,d clusters exist, creating %,d%n", ids.size(), clusters,
        missing.size());
    if (!missing.isEmpty()) {
      final String version = api.templateVersion();
      ids.putAll(bounded(missing, "created", name -> api.createCluster(name, version)));
    }
    return ids;
  }

  /** Each cluster's agent token (by cluster id), read from its agent manifest. */
  static Map<String, String> tokens(final CommanderApi api, final Map<String, String> ids) {
    final Map<String, String> byName = bounded(new ArrayList<>(ids.keySet()), "agent tokens read",
        name -> api.agentToken(ids.get(name)));
    final Map<String, String> tokens = new LinkedHashMap<>();
    byName.forEach((name, token) -> tokens.put(ids.get(name), token));
    return tokens;
  }

  public static String name(final int i) {
    return String.format(Locale.ROOT, PREFIX + "%05d", i);
  }

  /**
   * Runs {@code call} for every key with {@value #IN_FLIGHT} calls in flight, printing progress every
   * 5 s; answers key to result in the keys' order. The first failure ends the run (after the calls
   * in flight).
   */
  static Map<String, String> bounded(final List<String> keys, final String what,
                                     final Function<String, CompletableFuture<String>> call) {
    final Semaphore slots = new Semaphore(IN_FLIGHT);
    final Map<String, CompletableFuture<String>> calls = new LinkedHashMap<>();
    final AtomicInteger done = new AtomicInteger();
    final java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    final long started = System.nanoTime();
    long lastPrinted = started;
    for (String key : keys) {
      slots.acquireUninterruptibly();
      if (failure.get() != null) {
        break;
      }
      final CompletableFuture<String> f = call.apply(key).whenComplete((r, e) -> {
        if (e != null) {
          failure.compareAndSet(null, e);
        }
        done.incrementAndGet();
        slots.release();
      });
      calls.put(key, f);
      if (System.nanoTime() - lastPrinted > 5_000_000_000L) {
        lastPrinted = System.nanoTime();
        progress(what, done.get(), keys.size(), started);
      }
    }
    CompletableFuture.allOf(calls.values().toArray(CompletableFuture[]::new)).join();
    progress(what, done.get(), keys.size(), started);
    final Map<String, String> results = new LinkedHashMap<>();
    calls.forEach((k, f) -> results.put(k, f.join()));
    return results;
  }

  private static void progress(final String what, final int done, final int total, final long started) {
    final double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(Locale.ROOT, "simulate: %,d/%,d %s (%.0f s, %.0f/s)%n", done, total, what, seconds,
        done / Math.max(seconds, 1e-3));
  }

  private static Map<String, String> options(final String[] args) {
    final Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        return null;
      }
      final String key = args[i].substring(2);
      if (!List.of("clusters", "url", "token", "email", "password", "workspace").contains(key)) {
        return null;
      }
      options.put(key, args[++i]);
    }
    return options;
  }
}
