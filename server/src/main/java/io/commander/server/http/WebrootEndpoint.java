package io.commander.server.http;

import io.commander.core.http.HttpEndpoint;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;

/**
 * Serves the web console's built files ({@code webroot/dist}, which {@code npm run build} in {@code webroot/}
 * writes). Paths without a file fall back to {@code index.html}, so the
 * single-page app's own routes survive a reload. Mounted last: API routes win.
 *
 * <p>The build names its files under {@code /assets/} by their content hash, so those are cached for a
 * year; everything else (above all {@code index.html}, which names the current assets) is revalidated
 * on every load, so a new release is seen at once.
 */
public final class WebrootEndpoint implements HttpEndpoint {

  /** Only this origin's scripts, styles and connections; no inline code, no framing. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
      + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

  /** What a page answers when the console was never built into this folder. */
  static final String NOT_BUILT = "Commander's web console is not built in this folder. bin/commander up builds it "
      + "(or run npm ci && npm run build in webroot/); the API works meanwhile: /documentation describes it.\n";

  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private final Path webroot;

  public WebrootEndpoint(final Path webroot) {
    this.webroot = webroot.toAbsolutePath().normalize();
  }

  @Override
  public void addRoutes(final Router router) {
    final StaticHandler files = StaticHandler.create(FileSystemAccess.ROOT, webroot.toString())
        .setIndexPage("index.html")
        .setCachingEnabled(false);
    router.get("/*").handler(WebrootEndpoint::securityHeaders);
    router.get("/*").handler(files);
    router.get("/*").handler(ctx -> {
      final String path = ctx.normalizedPath();
      // An agent connecting to a process without the gateway must learn it is in the wrong place (404),
      // not get a page and come back at once.
      if (path.startsWith("/api/") || path.startsWith("/health/") || path.startsWith("/agent/")
          || path.contains(".")) {
        ctx.next();
        return;
      }
      final String index = webroot.resolve("index.html").toString();
      ctx.vertx().fileSystem().exists(index).onComplete(found -> {
        if (found.succeeded() && found.result()) {
          ctx.response().sendFile(index);
        } else {
          ctx.response().setStatusCode(503).putHeader("Content-Type", "text/plain; charset=utf-8").end(NOT_BUILT);
        }
      });
    });
  }

  private static void securityHeaders(final RoutingContext ctx) {
    final boolean hashed = ctx.normalizedPath().startsWith("/assets/");
    ctx.addHeadersEndHandler(v -> {
      final boolean found = ctx.response().getStatusCode() < 300;
      ctx.response().headers()
          .set("Cache-Control", hashed && found ? IMMUTABLE : "no-cache")
          .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
          .set("X-Content-Type-Options", "nosniff")
          .set("X-Frame-Options", "DENY")
          .set("Referrer-Policy", "no-referrer")
          .set("Cross-Origin-Opener-Policy", "same-origin");
    });
    ctx.next();
  }
}
