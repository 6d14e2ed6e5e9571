package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.pool.ConnectResult;
import io.vertx.core.internal.pool.ConnectionPool;
import io.vertx.core.internal.pool.Lease;
import io.vertx.core.internal.pool.PoolConnector;
import io.vertx.core.internal.pool.PoolWaiter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Why Commander's database pool has no wait timer ({@link Database#poolOptions}): the connection pool of the
 * Vert.x it is built on (5.0.10) hands a connection to a waiting request without marking the waiter done
 * (vert.x issue 6169), so a cancel after the hand-over still reports it cancelled, and the SQL pool's wait
 * timer, on cancelling, fails the request's promise a second time: the unhandled "Promise already completed"
 * seen after creating 2,000 clusters. When this test fails, Vert.x has fixed it and the timer can come back.
 */
class PoolWaiterCancelTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aWaiterHandedARecycledConnectionIsStillReportedCancelled() throws Exception {
    final ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    final ConnectionPool<String> pool = ConnectionPool.pool(new PoolConnector<>() {
      @Override
      public Future<ConnectResult<String>> connect(final ContextInternal ctx, final Listener listener) {
        return ctx.succeededFuture(new ConnectResult<>("the only connection", 1, 0));
      }

      @Override
      public boolean isValid(final String connection) {
        return true;
      }
    }, new int[] {1});
    final CompletableFuture<Lease<String>> first = new CompletableFuture<>();
    pool.acquire(context, 0, (lease, failure) -> first.complete(lease));
    final Lease<String> held = first.get(10, TimeUnit.SECONDS);

    // A second request waits for the only connection, as a request of a busy Commander does.
    final CompletableFuture<PoolWaiter<String>> queued = new CompletableFuture<>();
    final CompletableFuture<Lease<String>> second = new CompletableFuture<>();
    pool.acquire(context, new PoolWaiter.Listener<>() {
      @Override
      public void onEnqueue(final PoolWaiter<String> waiter) {
        queued.complete(waiter);
      }
    }, 0, (lease, failure) -> second.complete(lease));
    final PoolWaiter<String> waiter = queued.get(10, TimeUnit.SECONDS);

    held.recycle();
    assertThat(second.get(10, TimeUnit.SECONDS).get()).as("the waiter got the connection")
        .isEqualTo("the only connection");

    // What the wait timer does when it fires: cancel the waiter, and fail its request if that succeeded.
    final CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
    pool.cancel(waiter, (result, failure) -> cancelled.complete(result));
    assertThat(cancelled.get(10, TimeUnit.SECONDS))
        .as("a waiter already served is reported cancelled: a wait timer would fail its request again")
        .isTrue();
  }
}
