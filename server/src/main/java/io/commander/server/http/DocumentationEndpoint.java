package io.commander.server.http;

import io.commander.core.http.HttpEndpoint;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code /documentation}: Swagger UI (from its webjar on the classpath, no CDN) showing the live
 * contract at {@code /api/v1/openapi.json}.
 */
public final class DocumentationEndpoint implements HttpEndpoint {

  private final String swaggerUiRoot;

  public DocumentationEndpoint() {
    final Properties props = new Properties();
    try (InputStream in = DocumentationEndpoint.class.getClassLoader()
        .getResourceAsStream("documentation/swagger-ui.properties")) {
      if (in == null) {
        throw new IllegalStateException("documentation/swagger-ui.properties is missing from the build");
      }
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.swaggerUiRoot = "META-INF/resources/webjars/swagger-ui/" + props.getProperty("version");
  }

  @Override
  public void addRoutes(final Router router) {
    // Vert.x matches "/documentation/" here too: redirect only the path without the slash.
    router.get("/documentation").handler(ctx -> {
      if ("/documentation".equals(ctx.request().path())) {
        ctx.redirect("/documentation/");
      } else {
        ctx.next();
      }
    });
    router.get("/documentation/ui/*").handler(StaticHandler.create(swaggerUiRoot));
    router.get("/documentation/*").handler(StaticHandler.create("documentation").setIndexPage("index.html"));
  }
}
