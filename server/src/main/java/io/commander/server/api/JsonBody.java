package io.commander.server.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body's JSON, written by Jackson's streaming generator straight into the buffer sent:
 * {@code encode()} goes through databind into a String and then to bytes, which was a fifth of a
 * cluster list's cost. The text is the same ({@code JsonBodyTest}). A value the streaming writer does
 * not know (not JSON's own types) falls back to {@code encode()}.
 */
final class JsonBody {

  /**
   * Its own factory (buffers recycled per thread, nothing shared with Vert.x's codec). Characters
   * beyond the BMP as UTF-8, as the String path wrote them, not as {@code \\uD83D\\uDE80} escapes.
   */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

  private JsonBody() {
  }

  static Buffer encode(final Object json) {
    final Buffer out = Buffer.buffer(capacity(json));
    try (JsonGenerator generator = FACTORY.createGenerator(new Appender(out))) {
      JacksonCodec.encodeJson(json, generator);
    } catch (EncodeException | IOException e) {
      return Buffer.buffer(json instanceof JsonArray array ? array.encode() : ((JsonObject) json).encode());
    }
    return out;
  }

  /** Room for the body at once, as far as its size can be told: a cluster's JSON is about 2 KiB. */
  private static int capacity(final Object json) {
    return json instanceof JsonArray array ? Math.min(2048 * (array.size() + 1), 262_144) : 4096;
  }

  /** Appends what the generator flushes to the buffer (the generator buffers its own writes). */
  private static final class Appender extends OutputStream {
    private final Buffer out;

    Appender(final Buffer out) {
      this.out = out;
    }

    @Override
    public void write(final int b) {
      out.appendByte((byte) b);
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length) {
      out.appendBytes(bytes, offset, length);
    }
  }
}
