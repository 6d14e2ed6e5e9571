package io.commander.server.audit;

import io.commander.server.api.ApiRequest;
import io.commander.server.auth.Caller;
import java.util.UUID;

/**
 * Who made a change, as the audit log records it.
 *
 * @param type {@code user}, {@code token} or {@code system}
 */
public record Actor(String type, UUID id, String name, String remoteAddress, String requestId) {

  /** The caller of an API request. */
  public static Actor of(final ApiRequest request) {
    final Caller caller = request.caller();
    return new Actor(caller.type(), caller.id(), caller.name(), request.remoteAddress(), request.requestId());
  }

  /** Commander itself (jobs, first start). */
  public static Actor system(final String what) {
    return new Actor("system", null, what, null, null);
  }
}
