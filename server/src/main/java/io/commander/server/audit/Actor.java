package io.commander.server.audit;

import io.commander.server.api.ApiRequest;
import io.commander.server.auth.Caller;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;

/**
 * Who made a change, as the audit log records it.
 *
 * @param type {@code user}, {@code token} or {@code system}
 * @param receipt what the caller writes in the change's own transaction once the change is made (a
 *     command's result), or null
 */
public record Actor(String type, UUID id, String name, String remoteAddress, String requestId, Receipt receipt) {

  /**
   * Written with a change, in its transaction, after it: a command records that it ran and what it
   * answered, so it commits with the change or not at all.
   */
  @FunctionalInterface
  public interface Receipt {
    /** @param result what the change's work answered */
    Future<Void> write(SqlConnection tx, Object result);
  }

  public Actor(final String type, final UUID id, final String name, final String remoteAddress,
               final String requestId) {
    this(type, id, name, remoteAddress, requestId, null);
  }

  /** The caller of an API request. */
  public static Actor of(final ApiRequest request) {
    final Caller caller = request.caller();
    return new Actor(caller.type(), caller.id(), caller.name(), request.remoteAddress(), request.requestId());
  }

  /** Commander itself (jobs, first start). */
  public static Actor system(final String what) {
    return new Actor("system", null, what, null, null);
  }

  /** The same actor, with a receipt written in the transaction of its change. */
  public Actor withReceipt(final Receipt receipt) {
    return new Actor(type, id, name, remoteAddress, requestId, receipt);
  }
}
