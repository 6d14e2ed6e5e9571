package io.commander.server.metrics;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * Vert.x's metrics (Micrometer's) with HTTP server metrics that tolerate a connection without a socket
 * metric. Vert.x 5.0 creates a server's metrics when its bind completes, after the socket began to accept:
 * a connection accepted in between has no socket metric, and Micrometer's HTTP server metrics then throw
 * from that connection's request end, which leaves the request unanswered. Agents reconnecting in
 * thousands to a restarting gateway hit that window (a few upgrades per restart of 10,000 agents were
 * never answered). Such a connection goes unmeasured; every other one is measured as before.
 */
public final class GuardedMetricsFactory implements VertxMetricsFactory {

  private final VertxMetricsFactory delegate;

  public GuardedMetricsFactory(final VertxMetricsFactory delegate) {
    this.delegate = delegate;
  }

  @Override
  public VertxMetrics metrics(final VertxOptions options) {
    return new Guarded(delegate.metrics(options));
  }

  @Override
  public MetricsOptions newOptions() {
    return delegate.newOptions();
  }

  @Override
  public MetricsOptions newOptions(final MetricsOptions options) {
    return delegate.newOptions(options);
  }

  @Override
  public MetricsOptions newOptions(final JsonObject json) {
    return delegate.newOptions(json);
  }

  /** Every part of the delegate as it is, but the HTTP servers' metrics guarded. */
  private record Guarded(VertxMetrics delegate) implements VertxMetrics {

    @Override
    public EventBusMetrics createEventBusMetrics() {
      return delegate.createEventBusMetrics();
    }

    @Override
    @SuppressWarnings("unchecked")
    public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(final HttpServerOptions options,
                                                             final SocketAddress localAddress) {
      final HttpServerMetrics<?, ?, ?> metrics = delegate.createHttpServerMetrics(options, localAddress);
      return metrics == null ? null : new GuardedHttpServerMetrics<>((HttpServerMetrics<Object, Object, Object>) metrics);
    }

    @Override
    public ClientMetrics<?, ?, ?> createClientMetrics(final SocketAddress remoteAddress, final String type,
                                                      final String namespace) {
      return delegate.createClientMetrics(remoteAddress, type, namespace);
    }

    @Override
    public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(final HttpClientOptions options) {
      return delegate.createHttpClientMetrics(options);
    }

    @Override
    public TCPMetrics<?> createNetServerMetrics(final NetServerOptions options, final SocketAddress localAddress) {
      return delegate.createNetServerMetrics(options, localAddress);
    }

    @Override
    public TCPMetrics<?> createNetClientMetrics(final NetClientOptions options) {
      return delegate.createNetClientMetrics(options);
    }

    @Override
    public DatagramSocketMetrics createDatagramSocketMetrics(final DatagramSocketOptions options) {
      return delegate.createDatagramSocketMetrics(options);
    }

    @Override
    public PoolMetrics<?, ?> createPoolMetrics(final String poolType, final String poolName, final int maxPoolSize) {
      return delegate.createPoolMetrics(poolType, poolName, maxPoolSize);
    }

    @Override
    public void vertxCreated(final Vertx vertx) {
      delegate.vertxCreated(vertx);
    }

    @Override
    public boolean isMetricsEnabled() {
      return delegate.isMetricsEnabled();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /**
   * HTTP server metrics where a missing socket metric (a connection accepted before the server's metrics
   * existed) means no request metric, and a missing request metric means nothing to record.
   */
  static final class GuardedHttpServerMetrics<R, W, S> implements HttpServerMetrics<R, W, S> {

    private final HttpServerMetrics<R, W, S> delegate;

    GuardedHttpServerMetrics(final HttpServerMetrics<R, W, S> delegate) {
      this.delegate = delegate;
    }

    @Override
    public S connected(final SocketAddress remoteAddress, final String remoteName) {
      return delegate.connected(remoteAddress, remoteName);
    }

    @Override
    public void disconnected(final S socketMetric, final SocketAddress remoteAddress) {
      if (socketMetric != null) {
        delegate.disconnected(socketMetric, remoteAddress);
      }
    }

    @Override
    public void bytesRead(final S socketMetric, final SocketAddress remoteAddress, final long numberOfBytes) {
      if (socketMetric != null) {
        delegate.bytesRead(socketMetric, remoteAddress, numberOfBytes);
      }
    }

    @Override
    public void bytesWritten(final S socketMetric, final SocketAddress remoteAddress, final long numberOfBytes) {
      if (socketMetric != null) {
        delegate.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
      }
    }

    @Override
    public void exceptionOccurred(final S socketMetric, final SocketAddress remoteAddress, final Throwable t) {
      if (socketMetric != null) {
        delegate.exceptionOccurred(socketMetric, remoteAddress, t);
      }
    }

    @Override
    public R requestBegin(final S socketMetric, final HttpRequest request) {
      return socketMetric == null ? null : delegate.requestBegin(socketMetric, request);
    }

    @Override
    public void requestEnd(final R requestMetric, final HttpRequest request, final long bytesRead) {
      if (requestMetric != null) {
        delegate.requestEnd(requestMetric, request, bytesRead);
      }
    }

    @Override
    public void requestReset(final R requestMetric) {
      if (requestMetric != null) {
        delegate.requestReset(requestMetric);
      }
    }

    @Override
    public void responseBegin(final R requestMetric, final HttpResponse response) {
      if (requestMetric != null) {
        delegate.responseBegin(requestMetric, response);
      }
    }

    @Override
    public R responsePushed(final S socketMetric, final HttpMethod method, final String uri,
                            final HttpResponse response) {
      return socketMetric == null ? null : delegate.responsePushed(socketMetric, method, uri, response);
    }

    @Override
    public void responseEnd(final R requestMetric, final HttpResponse response, final long bytesWritten) {
      if (requestMetric != null) {
        delegate.responseEnd(requestMetric, response, bytesWritten);
      }
    }

    @Override
    public W connected(final S socketMetric, final R requestMetric, final ServerWebSocket serverWebSocket) {
      return socketMetric == null || requestMetric == null ? null
          : delegate.connected(socketMetric, requestMetric, serverWebSocket);
    }

    @Override
    public void disconnected(final W webSocketMetric) {
      if (webSocketMetric != null) {
        delegate.disconnected(webSocketMetric);
      }
    }

    @Override
    public void requestRouted(final R requestMetric, final String route) {
      if (requestMetric != null) {
        delegate.requestRouted(requestMetric, route);
      }
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
