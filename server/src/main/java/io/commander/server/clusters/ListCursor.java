package io.commander.server.clusters;

import io.commander.server.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a keyset page of clusters starts: after the cluster with this creation time and id. Sent to
 * clients as an opaque base64url token in the {@code after} parameter of the next page's link.
 */
public record ListCursor(OffsetDateTime createdAt, UUID id) {

  /** The cursor of the page after this cluster (as answered). */
  public static ListCursor after(final io.vertx.core.json.JsonObject cluster) {
    return new ListCursor(OffsetDateTime.parse(cluster.getString("created_at")), UUID.fromString(cluster.getString("id")));
  }

  public String encode() {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor a client sent; 400 when it is not one this server made. */
  public static ListCursor decode(final String token) {
    try {
      final String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", 2);
      return new ListCursor(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
    } catch (RuntimeException e) {
      throw ApiException.invalidField("after", "is not a cursor of this list: follow the Link rel=\"next\" header");
    }
  }
}
