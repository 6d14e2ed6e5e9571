package io.commander.core.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * An event-bus codec for a typed message that travels as JSON between processes and as itself
 * within one (the messages are immutable records, so sharing them is safe).
 */
public final class JsonCodec<T> implements MessageCodec<T, T> {

  private final Class<T> type;
  private final Function<T, JsonObject> toJson;
  private final Function<JsonObject, T> fromJson;

  private JsonCodec(final Class<T> type, final Function<T, JsonObject> toJson, final Function<JsonObject, T> fromJson) {
    this.type = type;
    this.toJson = toJson;
    this.fromJson = fromJson;
  }

  /** Makes {@code type} the default codec of its class on the bus. */
  public static <T> void register(final EventBus bus, final Class<T> type, final Function<T, JsonObject> toJson,
                           final Function<JsonObject, T> fromJson) {
    bus.registerDefaultCodec(type, new JsonCodec<>(type, toJson, fromJson));
  }

  @Override
  public void encodeToWire(final Buffer buffer, final T message) {
    final Buffer json = toJson.apply(message).toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public T decodeFromWire(final int pos, final Buffer buffer) {
    final int length = buffer.getInt(pos);
    return fromJson.apply(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
  }

  @Override
  public T transform(final T message) {
    return message;
  }

  @Override
  public String name() {
    return "commander." + type.getSimpleName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
