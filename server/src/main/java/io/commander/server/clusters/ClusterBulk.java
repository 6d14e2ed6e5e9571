package io.commander.server.clusters;

import io.commander.server.api.ProblemHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Runs one action on many clusters: each cluster through the service's own operation (its own
 * transaction and audit entry), a few at a time so a large selection neither floods the renderer and
 * the pool nor waits on one cluster after another; every cluster answers, a failure as its problem.
 */
final class ClusterBulk {

  /** How many clusters' operations run at once. */
  static final int PARALLELISM = 4;

  private ClusterBulk() {
  }

  /**
   * The results in the order of {@code ids}: {@code {id, status, cluster}} for a success,
   * {@code {id, status, problem}} for a failure; and how many of each.
   */
  static Future<JsonObject> run(final List<UUID> ids, final int successStatus,
                                final Function<UUID, Future<JsonObject>> action) {
    final JsonObject[] results = new JsonObject[ids.size()];
    final int[] next = {0};
    // Futures complete on the request's context, so the shared cursor needs no lock.
    final List<Future<Void>> workers = IntStream.range(0, Math.min(PARALLELISM, ids.size()))
        .mapToObj(w -> worker(ids, successStatus, action, results, next)).toList();
    return Future.all(workers).map(v -> {
      final JsonArray items = new JsonArray();
      int failed = 0;
      for (JsonObject result : results) {
        items.add(result);
        failed += result.containsKey("problem") ? 1 : 0;
      }
      return new JsonObject().put("succeeded", ids.size() - failed).put("failed", failed).put("results", items);
    });
  }

  private static Future<Void> worker(final List<UUID> ids, final int successStatus,
                                     final Function<UUID, Future<JsonObject>> action, final JsonObject[] results,
                                     final int[] next) {
    if (next[0] >= ids.size()) {
      return Future.succeededFuture();
    }
    final int i = next[0]++;
    final UUID id = ids.get(i);
    Future<JsonObject> done;
    try {
      done = action.apply(id);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    return done.transform(ar -> {
      final JsonObject result = new JsonObject().put("id", id.toString());
      if (ar.succeeded()) {
        result.put("status", successStatus).put("cluster", ar.result());
      } else {
        final JsonObject problem = ProblemHandler.document(ProblemHandler.problem(ar.cause()));
        result.put("status", problem.getInteger("status")).put("problem", problem);
      }
      results[i] = result;
      return worker(ids, successStatus, action, results, next);
    });
  }
}
