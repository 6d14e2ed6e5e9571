package io.commander.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Gathers the single requests of many sessions into one statement: a request waits at most
 * {@code lingerMillis} (or until {@code maxBatch} are waiting), and at most {@code maxInFlight}
 * batches run at once, so a reconnect storm takes a few pooled connections instead of queueing
 * thousands of statements in the pool. Thread-safe: sessions live on every event loop; each answer
 * is given on the context that asked.
 *
 * @param <K> what is asked (a token's hash, a cluster id, a presence row)
 * @param <V> the answer per key; absent keys are answered {@code null}
 */
final class Batcher<K, V> {

  private final Vertx vertx;
  private final int maxBatch;
  private final long lingerMillis;
  private final int maxInFlight;
  private final Function<List<K>, Future<Map<K, V>>> load;
  private final List<Waiting<K, V>> queue = new ArrayList<>();
  private int inFlight;
  private int running;
  private long timer = -1;

  private record Waiting<K, V>(K key, Promise<V> promise, Context context) {
  }

  Batcher(final Vertx vertx, final int maxBatch, final long lingerMillis, final int maxInFlight,
          final Function<List<K>, Future<Map<K, V>>> load) {
    this.vertx = vertx;
    this.maxBatch = maxBatch;
    this.lingerMillis = lingerMillis;
    this.maxInFlight = maxInFlight;
    this.load = load;
  }

  /** The answer for one key, from the next batch. */
  Future<V> get(final K key) {
    final Promise<V> promise = Promise.promise();
    synchronized (this) {
      queue.add(new Waiting<>(key, promise, Vertx.currentContext()));
      if (queue.size() >= maxBatch) {
        drain();
      } else if (timer < 0 && running < maxInFlight) {
        timer = vertx.setTimer(lingerMillis, t -> {
          synchronized (this) {
            timer = -1;
            drain();
          }
        });
      }
    }
    return promise.future();
  }

  /** Requests waiting or in a batch under way. */
  synchronized int pending() {
    return queue.size() + inFlight;
  }

  /** Starts batches while there is room; called holding the lock. */
  private void drain() {
    while (!queue.isEmpty() && running < maxInFlight) {
      final List<Waiting<K, V>> batch = new ArrayList<>(queue.subList(0, Math.min(maxBatch, queue.size())));
      queue.subList(0, batch.size()).clear();
      running++;
      inFlight += batch.size();
      Future<Map<K, V>> result;
      try {
        result = load.apply(batch.stream().map(Waiting::key).toList());
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(done -> {
        synchronized (this) {
          running--;
          inFlight -= batch.size();
          drain();
        }
        for (Waiting<K, V> w : batch) {
          final Runnable answer = () -> {
            if (done.succeeded()) {
              w.promise().complete(done.result().get(w.key()));
            } else {
              w.promise().fail(done.cause());
            }
          };
          if (w.context() == null) {
            answer.run();
          } else {
            w.context().runOnContext(v -> answer.run());
          }
        }
      });
    }
  }
}
