package io.commander.server.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The repository's JSON Schemas of events: the envelope and each type's data, as a validator. */
final class EventSchemas {

  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
      .setBaseUri("https://commander.io/schemas/events/");

  private final Validator envelope;
  private final Map<EventType, Validator> data = new EnumMap<>(EventType.class);

  EventSchemas() {
    envelope = Validator.create(JsonSchema.of(load(EventType.SCHEMAS + "cloudevent.json")), OPTIONS);
    for (EventType type : EventType.values()) {
      data.put(type, Validator.create(JsonSchema.of(load(type.schemaResource())), OPTIONS));
    }
  }

  /** The problems of an event (envelope, known type, data), empty when it is valid. */
  List<String> problems(final JsonObject event) {
    final OutputUnit outer = envelope.validate(event);
    if (!outer.getValid()) {
      return List.of("envelope: " + describe(outer));
    }
    final EventType type = EventType.of(event.getString("type")).orElse(null);
    if (type == null) {
      return List.of("unknown type " + event.getString("type"));
    }
    final OutputUnit inner = data.get(type).validate(event.getJsonObject("data"));
    return inner.getValid() ? List.of() : List.of(type + " data: " + describe(inner));
  }

  /** The problems of a command as another system sends it (envelope, then the data of its type). */
  List<String> commandProblems(final JsonObject command) {
    final OutputUnit outer = Validator.create(JsonSchema.of(load(EventType.SCHEMAS + "command.json")), OPTIONS)
        .validate(command);
    if (!outer.getValid()) {
      return List.of("command envelope: " + describe(outer));
    }
    final String type = command.getString("type").substring(EventType.PREFIX.length());
    final OutputUnit inner = Validator.create(JsonSchema.of(load(EventType.SCHEMAS + type + ".json")), OPTIONS)
        .validate(command.getJsonObject("data"));
    return inner.getValid() ? List.of() : List.of(type + " data: " + describe(inner));
  }

  private static String describe(final OutputUnit unit) {
    return unit.getErrors() == null ? String.valueOf(unit.getError()) : unit.getErrors().stream()
        .map(e -> e.getInstanceLocation() + " " + e.getError()).collect(Collectors.joining("; "));
  }

  private static JsonObject load(final String resource) {
    try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no schema " + resource);
      }
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new IllegalStateException(resource + ": " + e.getMessage(), e);
    }
  }
}
