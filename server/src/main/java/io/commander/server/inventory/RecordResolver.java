package io.commander.server.inventory;

import io.commander.server.db.Rows;
import io.commander.renderer.params.ParamField;
import io.commander.renderer.params.ParamProblem;
import io.commander.renderer.params.ParamSchema;
import io.commander.renderer.params.ParamValidator;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns the records that catalog fields of a cluster's values name (an object carrying
 * {@code x-commander-record-id}) into what templates see: the stored record's values with its id.
 * The stored record wins over what the caller sent, so a template never renders stale or forged
 * record data. A record may come from any catalog of the workspace: a cluster may swap the
 * catalog its template names for another.
 */
public final class RecordResolver {

  private static final String RECORDS = """
      SELECT r.id, r.values, r.cluster_id, c.slug, c.usage
      FROM records r JOIN catalogs c ON c.id = r.catalog_id
      WHERE r.id = ANY($1) AND c.workspace_id = $2 AND r.archived_at IS NULL""";

  /** A record the values use: exclusive ones are held by the cluster that uses them. */
  public record UsedRecord(UUID id, String catalogSlug, boolean exclusive, Optional<UUID> heldBy) {
  }

  /** The values with records resolved, the records used, and the ids that name no record of the workspace. */
  public record Resolved(JsonObject values, List<UsedRecord> records, List<ParamProblem> problems) {
  }

  public Future<Resolved> resolve(final SqlClient sql, final UUID workspaceId, final ParamSchema schema,
                                  final JsonObject values) {
    final Set<UUID> ids = new LinkedHashSet<>();
    final List<ParamProblem> problems = new ArrayList<>();
    forEachReference(schema, values, (at, id) -> parse(id).ifPresentOrElse(ids::add,
        () -> problems.add(new ParamProblem(at, "'" + id + "' is not a record id"))));
    if (ids.isEmpty()) {
      return Future.succeededFuture(new Resolved(values, List.of(), problems));
    }
    return sql.preparedQuery(RECORDS).execute(Tuple.of(ids.toArray(UUID[]::new), workspaceId)).map(rows -> {
      final Map<UUID, Row> found = new HashMap<>();
      rows.forEach(row -> found.put(row.getUUID("id"), row));
      final JsonObject out = values.copy();
      final List<UsedRecord> used = new ArrayList<>();
      forEachReference(schema, values, (at, id) -> parse(id).ifPresent(uuid -> {
        final Row row = found.get(uuid);
        if (row == null) {
          problems.add(new ParamProblem(at, "record " + id + " does not exist in this workspace"));
          return;
        }
        replace(out, at, recordValue(row));
        used.add(new UsedRecord(uuid, row.getString("slug"), "exclusive".equals(row.getString("usage")),
            Optional.ofNullable(row.getUUID("cluster_id"))));
      }));
      return new Resolved(out, List.copyOf(used), List.copyOf(problems));
    });
  }

  private static JsonObject recordValue(final Row row) {
    return Rows.object(row, "values").copy().put(ParamValidator.RECORD_ID, row.getUUID("id").toString());
  }

  /** Visits every record reference: {@code (field, id)} where field is {@code key} or {@code key[i]}. */
  private static void forEachReference(final ParamSchema schema, final JsonObject values,
                                       final java.util.function.BiConsumer<String, String> visit) {
    for (ParamField field : schema.fields()) {
      if (field.catalog().isEmpty()) {
        continue;
      }
      final Object value = values.getValue(field.key());
      if (value instanceof JsonObject record && record.getValue(ParamValidator.RECORD_ID) instanceof String id) {
        visit.accept(field.key(), id);
      } else if (value instanceof JsonArray list) {
        for (int i = 0; i < list.size(); i++) {
          if (list.getValue(i) instanceof JsonObject record
              && record.getValue(ParamValidator.RECORD_ID) instanceof String id) {
            visit.accept(field.key() + "[" + i + "]", id);
          }
        }
      }
    }
  }

  private static void replace(final JsonObject values, final String at, final JsonObject record) {
    final int bracket = at.indexOf('[');
    if (bracket < 0) {
      values.put(at, record);
    } else {
      final JsonArray list = values.getJsonArray(at.substring(0, bracket)).copy();
      list.set(Integer.parseInt(at.substring(bracket + 1, at.length() - 1)), record);
      values.put(at.substring(0, bracket), list);
    }
  }

  private static Optional<UUID> parse(final String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
