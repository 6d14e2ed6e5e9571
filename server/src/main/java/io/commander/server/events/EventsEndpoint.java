package io.commander.server.events;

import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiException;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.auth.Access;
import io.commander.server.auth.Scopes;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@code GET /events/stream}: a workspace's events as server-sent events, from {@link EventFeed}. */
public final class EventsEndpoint implements ApiEndpoint.Operations {

  private final EventFeed feed;
  private final Scopes scopes;

  public EventsEndpoint(final EventFeed feed, final Scopes scopes) {
    this.feed = feed;
    this.scopes = scopes;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    registry.add("streamEvents", Policy.of(Access.READ, scopes.workspaceOfRequest()), this::stream);
  }

  private Future<ApiResponse> stream(final ApiRequest request) {
    final Optional<String> given = request.header("Last-Event-ID").or(() -> request.query("last_event_id"));
    final Optional<EventFeed.Position> from = given.flatMap(EventFeed.Position::parse);
    if (given.isPresent() && from.isEmpty()) {
      return Future.failedFuture(ApiException.badRequest("invalid_event_id", "'" + given.get()
          + "' is not an event id of this stream (<transaction>-<sequence>, as its id lines give)"));
    }
    final Set<UUID> workspace = Set.of(request.scope().workspaceId());
    return Future.succeededFuture(ApiResponse.stream("text/event-stream",
        response -> feed.stream(Optional.of(workspace), from, response)));
  }
}
