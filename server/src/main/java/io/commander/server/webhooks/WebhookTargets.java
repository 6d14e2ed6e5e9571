package io.commander.server.webhooks;

import io.commander.server.api.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which URLs webhooks may post to. A host that resolves (any of its addresses) to a loopback,
 * link-local (the cloud metadata address 169.254.169.254 among them), unspecified or multicast
 * address is refused unless {@code webhooks.allow-private-targets} allows it: a subscription must not
 * make Commander reach what only its own host or network reaches. Checked when a subscription is
 * created and again before each delivery (a name may resolve elsewhere later). Name resolution
 * blocks, so it runs on a small worker pool of its own.
 */
public final class WebhookTargets {

  /** The worker pool that resolves webhook hosts. */
  public static final String POOL = "webhook-dns";
  private static final int THREADS = 2;
  /** The metadata address of AWS's IPv6 instance metadata service (not link-local). */
  private static final String AWS_METADATA_V6 = "fd00:ec2:0:0:0:0:0:254";

  private final WorkerExecutor dns;
  private final boolean allowPrivate;

  public WebhookTargets(final Vertx vertx, final boolean allowPrivate) {
    this.dns = vertx.createSharedWorkerExecutor(POOL, THREADS);
    this.allowPrivate = allowPrivate;
  }

  /**
   * @return a future that fails with 400 {@code validation_failed} for a URL that is not http(s) with a
   *     host, or 400 {@code webhook_url_forbidden} for one whose host resolves to a forbidden address
   */
  public Future<Void> check(final String url) {
    final URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(ApiException.invalidField("/url", "is not a URL"));
    }
    if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase())
        || uri.getHost() == null || uri.getUserInfo() != null) {
      return Future.failedFuture(ApiException.invalidField("/url", "must be an http or https URL with a host "
          + "and without user information"));
    }
    if (allowPrivate) {
      return Future.succeededFuture();
    }
    final String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
        : uri.getHost();
    return dns.<InetAddress[]>executeBlocking(() -> {
      try {
        return InetAddress.getAllByName(host);
      } catch (UnknownHostException e) {
        throw ApiException.invalidField("/url", "the host " + host + " does not resolve");
      }
    }, false).compose(addresses -> {
      for (InetAddress address : addresses) {
        if (forbidden(address)) {
          return Future.failedFuture(new ApiException(400, "webhook_url_forbidden", "Bad request", "the host "
              + host + " resolves to " + address.getHostAddress() + ", a loopback, link-local, unspecified or "
              + "metadata address; webhooks do not post there unless webhooks.allow-private-targets is true",
              List.of(new ApiException.FieldError("/url", "resolves to a forbidden address"))));
        }
      }
      return Future.succeededFuture();
    });
  }

  static boolean forbidden(final InetAddress address) {
    return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
        || address.isMulticastAddress()
        || address instanceof Inet6Address && address.getHostAddress().equalsIgnoreCase(AWS_METADATA_V6)
        // IPv4 addresses mapped into IPv6 are judged as the IPv4 address they carry.
        || address instanceof Inet6Address v6 && mapped(v6);
  }

  private static boolean mapped(final Inet6Address v6) {
    final byte[] b = v6.getAddress();
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    if (b[10] != (byte) 0xff || b[11] != (byte) 0xff) {
      return false;
    }
    try {
      return forbidden(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
    } catch (UnknownHostException e) {
      return true;
    }
  }
}
