package io.commander.server.http;

import io.commander.core.http.HttpEndpoint;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;

/**
 * Serves the web UI's files. Paths without a file fall back to {@code index.html}, so the
 * single-page app's own routes survive a reload. Mounted last: API routes win.
 */
public final class WebrootEndpoint implements HttpEndpoint {

  private final Path webroot;

  public WebrootEndpoint(final Path webroot) {
    this.webroot = webroot.toAbsolutePath().normalize();
  }

  @Override
  public void addRoutes(final Router router) {
    final StaticHandler files = StaticHandler.create(FileSystemAccess.ROOT, webroot.toString())
        .setIndexPage("index.html");
    router.get("/*").handler(files);
    router.get("/*").handler(ctx -> {
      final String path = ctx.normalizedPath();
      if (path.startsWith("/api/") || path.startsWith("/health/") || path.contains(".")) {
        ctx.next();
        return;
      }
      ctx.response().putHeader("Cache-Control", "no-cache").sendFile(webroot.resolve("index.html").toString());
    });
  }
}
