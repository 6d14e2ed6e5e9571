package io.commander.server.events;

import io.commander.server.api.ApiException;
import io.commander.server.api.ContractCheck;
import io.commander.server.api.ProblemHandler;
import io.commander.server.audit.Actor;
import io.commander.server.auth.Access;
import io.commander.server.auth.Authorizer;
import io.commander.server.auth.Caller;
import io.commander.server.auth.Scope;
import io.commander.server.auth.Scopes;
import io.commander.server.clusters.ClusterService;
import io.commander.server.clusters.ClustersEndpoint;
import io.commander.server.tokens.TokenService;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cluster commands other systems send on {@code commander.commands.v1} (CloudEvents whose
 * {@code data} is the REST body) exactly as the API runs {@code POST}, {@code PATCH} and {@code DELETE
 * /clusters}: the token of the record's {@code x-auth-token} header authenticated by the API's token
 * service, the data checked against the API contract, the authorization of {@link Authorizer}, the
 * same service call with the token as the audit record's actor. Each command id runs once: its row
 * in {@code commands} and its {@code io.commander.command.accepted} event are written in the
 * transaction of the change; a refused command writes its row and its
 * {@code io.commander.command.rejected} event (the API's problem document) in a transaction of its
 * own. A command id seen before is answered by nothing new.
 */
public final class ClusterCommands {

  /** The Kafka record header that carries the workspace token. */
  public static final String TOKEN_HEADER = "x-auth-token";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterCommands.class);
  private static final String SEEN = "SELECT 1 FROM commands WHERE id = $1";
  private static final String RECORD = """
      INSERT INTO commands (id, type, workspace_id, outcome, result) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (id) DO NOTHING""";
  // In the change's transaction: a command recorded meanwhile by another consumer fails it, and rolls it back.
  private static final String RECORD_ACCEPTED = """
      INSERT INTO commands (id, type, workspace_id, outcome, result) VALUES ($1, $2, $3, 'accepted', $4)""";

  /** The command types, with the API operation each one is. */
  public enum Kind {
    CREATE("io.commander.command.cluster.create", "createCluster"),
    PATCH("io.commander.command.cluster.patch", "patchCluster"),
    DELETE("io.commander.command.cluster.delete", "deleteCluster");

    private final String type;
    private final String operationId;

    Kind(final String type, final String operationId) {
      this.type = type;
      this.operationId = operationId;
    }

    public String type() {
      return type;
    }

    static Optional<Kind> of(final String type) {
      return Arrays.stream(values()).filter(k -> k.type.equals(type)).findFirst();
    }
  }

  /** What became of a command record. */
  public enum Outcome {
    ACCEPTED, REJECTED, DUPLICATE
  }

  private final Pool pool;
  private final TokenService tokens;
  private final Scopes scopes;
  private final ContractCheck contract;
  private final ClusterService clusters;
  private final String defaultProvisioner;

  public ClusterCommands(final Pool pool, final TokenService tokens, final Scopes scopes, final ContractCheck contract,
                         final ClusterService clusters, final String defaultProvisioner) {
    this.pool = pool;
    this.tokens = tokens;
    this.scopes = scopes;
    this.contract = contract;
    this.clusters = clusters;
    this.defaultProvisioner = defaultProvisioner;
  }

  /** A command as read: its CloudEvent parsed, and what the API would need of it. */
  private record Command(String id, String type, Kind kind, JsonObject data) {

    Optional<UUID> clusterId() {
      return Optional.ofNullable(data).map(d -> d.getValue("cluster_id")).filter(String.class::isInstance)
          .flatMap(v -> {
            try {
              return Optional.of(UUID.fromString((String) v));
            } catch (IllegalArgumentException e) {
              return Optional.empty();
            }
          });
    }
  }

  /**
   * Handles one record of the commands topic.
   *
   * @param value the record's value
   * @param token the record's {@code x-auth-token} header, or null
   * @return what became of it; a failed future means its result could not be written (the database is
   *     away): the caller reads the record again later
   */
  public Future<Outcome> handle(final String value, final String token) {
    final Command command;
    try {
      command = parse(value);
    } catch (ApiException e) {
      // Without a usable id there is nothing to run once: the rejection is all there is.
      return reject(new Command(idOf(value), typeOf(value), null, null), null, e);
    }
    return pool.preparedQuery(SEEN).execute(Tuple.of(command.id())).compose(seen -> {
      if (seen.size() > 0) {
        LOG.debug("command already handled, not run again [command: {}]", command.id());
        return Future.succeededFuture(Outcome.DUPLICATE);
      }
      return run(command, token);
    });
  }

  private Future<Outcome> run(final Command command, final String token) {
    if (command.kind() == null) {
      return reject(command, null, ApiException.badRequest("unknown_command_type", "the command type '"
          + command.type() + "' is not one of " + Arrays.stream(Kind.values()).map(Kind::type).toList()));
    }
    if (token == null || token.isBlank()) {
      return reject(command, null, ApiException.unauthenticated("unauthenticated",
          "send a workspace token in the " + TOKEN_HEADER + " record header"));
    }
    return tokens.authenticate(token.strip()).compose(
        caller -> check(command).compose(v -> authorize(caller, command))
            .compose(scope -> execute(command, caller, scope))
            .map(Outcome.ACCEPTED)
            .recover(e -> concurrentDuplicate(e) ? Future.succeededFuture(Outcome.DUPLICATE)
                : reject(command, caller, e)),
        e -> reject(command, null, e));
  }

  /** The data against the API contract, as the operation's path, query, header and body. */
  private Future<Void> check(final Command command) {
    final JsonObject data = command.data();
    return switch (command.kind()) {
      case CREATE -> contract.check(command.kind().operationId, new ContractCheck.Request(Map.of(), Map.of(), Map.of(),
          data));
      case PATCH -> {
        final JsonObject body = data.copy();
        body.remove("cluster_id");
        final Object ifMatch = body.remove("if_match");
        yield clusterId(command).compose(id -> contract.check(command.kind().operationId, new ContractCheck.Request(
            Map.of("id", id.toString()), Map.of(), ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch.toString()),
            body)));
      }
      case DELETE -> {
        final Object cleanup = data.getValue("cleanup");
        final JsonObject rest = data.copy();
        rest.remove("cluster_id");
        rest.remove("cleanup");
        if (!rest.isEmpty()) {
          yield Future.failedFuture(ApiException.invalidField("/" + rest.fieldNames().iterator().next(),
              "unknown field"));
        }
        if (cleanup != null && !(cleanup instanceof Boolean)) {
          yield Future.failedFuture(ApiException.invalidField("/cleanup", "must be a boolean"));
        }
        yield clusterId(command).compose(id -> contract.check(command.kind().operationId, new ContractCheck.Request(
            Map.of("id", id.toString()), cleanup == null ? Map.of() : Map.of("cleanup", cleanup.toString()),
            Map.of(), null)));
      }
    };
  }

  private static Future<UUID> clusterId(final Command command) {
    return command.clusterId().map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(
        ApiException.invalidField("/cluster_id", command.data().containsKey("cluster_id")
            ? "must be a cluster's id (a UUID)" : "is required")));
  }

  /** The API's authorization: a workspace token writes inside its workspace; another's cluster is 404. */
  private Future<Scope> authorize(final Caller.Token caller, final Command command) {
    final Future<Scope> scope = command.kind() == Kind.CREATE ? Future.succeededFuture(Scope.workspace(caller.workspaceId()))
        : scopes.workspaceObject(Scopes.Owned.CLUSTER, command.clusterId().orElseThrow());
    return scope.map(s -> {
      Authorizer.check(caller, Access.WRITE, s);
      return s;
    });
  }

  private Future<JsonObject> execute(final Command command, final Caller.Token caller, final Scope scope) {
    final Actor actor = new Actor(caller.type(), caller.id(), caller.name(), null, command.id())
        .withReceipt((tx, result) -> accepted(tx, command, caller, (JsonObject) result));
    final JsonObject data = command.data();
    return switch (command.kind()) {
      case CREATE -> clusters.create(actor, scope.workspaceId(), ClustersEndpoint.creation(data, defaultProvisioner));
      case PATCH -> {
        final JsonObject body = data.copy();
        body.remove("cluster_id");
        final Optional<Integer> ifMatch = Optional.ofNullable(body.remove("if_match")).map(Object::toString)
            .map(ClustersEndpoint::revision);
        yield clusters.update(actor, scope.workspaceId(), command.clusterId().orElseThrow(),
            ClustersEndpoint.merge(body, ifMatch));
      }
      case DELETE -> clusters.delete(actor, scope.workspaceId(), command.clusterId().orElseThrow(),
          data.getBoolean("cleanup", true));
    };
  }

  /** The command's row and its accepted event, in the transaction of the change it made. */
  private Future<Void> accepted(final SqlClient tx, final Command command, final Caller.Token caller,
                                final JsonObject cluster) {
    final UUID clusterId = UUID.fromString(cluster.getString("id"));
    final JsonObject result = new JsonObject()
        .put("command_id", command.id())
        .put("command_type", command.type())
        .put("cluster_id", clusterId.toString())
        .put("revision", cluster.getInteger("current_revision"))
        .put("status", cluster.getString("status"));
    return tx.preparedQuery(RECORD_ACCEPTED).execute(Tuple.of(command.id(), command.type(), caller.workspaceId(), result))
        .compose(v -> Outbox.add(tx, new Outbox.Event(EventType.COMMAND_ACCEPTED, clusterId, clusterId,
            caller.workspaceId(), null, result)));
  }

  /**
   * Records a refusal and its rejected event. A command without an id is not recorded (there is no
   * key to run it once by); one whose id was recorded meanwhile answers nothing. A refused command
   * changed nothing, so what it is refused for is written on its own.
   *
   * @param caller the token, once authenticated; its workspace is the event's
   */
  private Future<Outcome> reject(final Command command, final Caller.Token caller, final Throwable failure) {
    final ApiException problem = ProblemHandler.problem(failure);
    if (problem.status() >= 500) {
      LOG.error("command failed [command: {}, type: {}]", command.id(), command.type(), failure);
    } else {
      LOG.debug("command rejected [command: {}, type: {}, status: {}, code: {}]", command.id(), command.type(),
          problem.status(), problem.code());
    }
    final JsonObject doc = ProblemHandler.document(problem);
    final JsonObject result = new JsonObject()
        .put("command_id", command.id())
        .put("command_type", command.type());
    doc.forEach(e -> result.put(e.getKey(), e.getValue()));
    if (!result.containsKey("errors")) {
      result.put("errors", new JsonArray());
    }
    return record(command, workspaceId(caller), storable(result));
  }

  private static UUID workspaceId(final Caller.Token caller) {
    return caller == null ? null : caller.workspaceId();
  }

  private Future<Outcome> record(final Command command, final UUID workspaceId, final JsonObject result) {
    // Keyed by the cluster it names, so it is read in order with that cluster's events; else by the id.
    final UUID subject = command.id() == null ? UUID.randomUUID()
        : UUID.nameUUIDFromBytes(command.id().getBytes(StandardCharsets.UTF_8));
    final UUID key = command.data() == null ? subject : command.clusterId().orElse(subject);
    final Outbox.Event event = new Outbox.Event(EventType.COMMAND_REJECTED, subject, key, workspaceId, null, result);
    if (command.id() == null) {
      return Outbox.add(pool, event).map(Outcome.REJECTED);
    }
    return pool.withTransaction(tx -> tx.preparedQuery(RECORD)
        .execute(Tuple.of(command.id(), command.type(), workspaceId, "rejected", result))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(Outcome.DUPLICATE)
            : Outbox.add(tx, event).map(Outcome.REJECTED)));
  }

  /** The same command id run at once by another consumer, which recorded it first. */
  private static boolean concurrentDuplicate(final Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState()) && "commands_pkey".equals(pg.getConstraint());
  }

  /** The CloudEvent of a command, or 400 saying what is wrong with it. */
  private static Command parse(final String value) {
    final JsonObject event;
    try {
      event = new JsonObject(value == null ? "" : value);
    } catch (DecodeException | ClassCastException e) {
      throw ApiException.badRequest("malformed_json", "the command is not a JSON object");
    }
    final Object id = event.getValue("id");
    if (!(id instanceof String text) || !usable(text)) {
      throw ApiException.invalidField("/id", "is required: a non-empty string of at most 200 characters, "
          + "the command's idempotency key");
    }
    if (!"1.0".equals(event.getValue("specversion"))) {
      throw ApiException.invalidField("/specversion", "must be \"1.0\"");
    }
    final Object type = event.getValue("type");
    if (!(type instanceof String t) || !usable(t)) {
      throw ApiException.invalidField("/type", "is required: a non-empty string of at most 200 characters");
    }
    final Object data = event.getValue("data");
    final Optional<Kind> kind = Kind.of((String) type);
    if (kind.isPresent() && !(data instanceof JsonObject)) {
      throw ApiException.invalidField("/data", "must be a JSON object");
    }
    return new Command(text, (String) type, kind.orElse(null), kind.isPresent() ? (JsonObject) data : null);
  }

  private static String idOf(final String value) {
    return field(value, "id");
  }

  private static String typeOf(final String value) {
    return field(value, "type");
  }

  /** An id or type that can be stored and answered: not blank, not long, no NUL character (PostgreSQL refuses it). */
  private static boolean usable(final String text) {
    return !text.isBlank() && text.length() <= 200 && text.indexOf('\0') < 0;
  }

  /** The NUL characters of a problem (a field name quoted back) replaced: PostgreSQL stores no NUL in jsonb. */
  private static JsonObject storable(final JsonObject result) {
    final String encoded = result.encode();
    return encoded.contains("\\u0000") ? new JsonObject(encoded.replace("\\u0000", "\\ufffd")) : result;
  }

  /** A string field of what may be a JSON object, for the rejection of a command that does not parse. */
  private static String field(final String value, final String name) {
    try {
      final Object v = new JsonObject(value).getValue(name);
      return v instanceof String s && usable(s) ? s : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
