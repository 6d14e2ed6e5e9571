package io.commander.server.provisioners.kubeconfig;

import io.commander.server.provisioners.Job;
import io.commander.server.provisioners.ProvisionerException;
import io.commander.server.provisioners.ProvisionerException.Reason;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * One provisioner call's connection to a cluster: the client (closed with the session, and on
 * cancel), the call's deadline, and the translation of every client failure into a
 * {@link ProvisionerException} that names the step and the cause.
 */
final class ClusterSession implements AutoCloseable {

  private final Job job;
  private final KubernetesClient client;
  private final Instant deadline;
  private final String server;
  private final Map<String, Optional<APIResourceList>> discovery = new HashMap<>();

  private ClusterSession(final Job job, final KubernetesClient client, final Instant deadline) {
    this.job = job;
    this.client = client;
    this.deadline = deadline;
    this.server = client.getConfiguration().getMasterUrl();
  }

  /**
   * Opens a session on the job's kubeconfig; no request is made yet.
   *
   * @throws ProvisionerException PERMANENT for a kubeconfig that does not read or is refused
   */
  static ClusterSession open(final Job job, final KubeconfigSettings settings, final Instant started) {
    final Instant deadline = job.timeout() == null ? Instant.MAX : started.plus(job.timeout());
    final Config config = Kubeconfigs.parse(job.secrets().get("kubeconfig"));
    final Duration left = Duration.between(Instant.now(), deadline);
    final Duration request = left.isNegative() || left.compareTo(settings.requestTimeout()) >= 0
        ? settings.requestTimeout() : left;
    config.setRequestTimeout(millis(request));
    config.setConnectionTimeout(millis(settings.connectTimeout().compareTo(request) < 0
        ? settings.connectTimeout() : request));
    config.setRequestRetryBackoffLimit(settings.retries());
    config.setRequestRetryBackoffInterval(250);
    final KubernetesClient client;
    try {
      client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
          .build();
    } catch (final RuntimeException e) {
      throw new ProvisionerException(Reason.PERMANENT, "the kubeconfig's TLS material could not be loaded ("
          + e.getClass().getSimpleName() + "): check certificate-authority-data, client-certificate-data and "
          + "client-key-data");
    }
    if (Boolean.TRUE.equals(config.isTrustCerts())) {
      job.log().line("stderr", "warning: the kubeconfig skips TLS verification of " + config.getMasterUrl());
    }
    final ClusterSession session = new ClusterSession(job, client, deadline);
    job.cancellation().onCancel(client::close);
    return session;
  }

  KubernetesClient client() {
    return client;
  }

  String server() {
    return server;
  }

  /**
   * Whether the object's kind is namespaced, asking the cluster about kinds the client does not know;
   * empty when the cluster does not serve the kind.
   *
   * @throws ProvisionerException the discovery request's failure
   */
  Optional<Boolean> namespaced(final HasMetadata object) {
    if (!(object instanceof GenericKubernetesResource)) {
      return Optional.of(object instanceof Namespaced);
    }
    final Optional<APIResourceList> served = discovery.computeIfAbsent(object.getApiVersion(),
        v -> Optional.ofNullable(call("discovering the kinds of " + v, () -> client.getApiResources(v))));
    return served.flatMap(list -> list.getResources().stream()
        .filter(r -> object.getKind().equals(r.getKind()) && !r.getName().contains("/"))
        .findFirst())
        .map(r -> Boolean.TRUE.equals(r.getNamespaced()));
  }

  /** Fails the call when it was canceled or ran past its timeout; between steps. */
  void checkpoint(final String next) {
    if (job.cancellation().canceled()) {
      throw new ProvisionerException(Reason.CANCELED, "canceled before " + next + ": " + job.cancellation().reason());
    }
    if (Instant.now().isAfter(deadline)) {
      throw timedOut(next);
    }
  }

  /**
   * Runs one step against the API server.
   *
   * @param step what the step does, for the failure message ("reading ConfigMap d8-commander-agent/x")
   * @throws ProvisionerException the step's failure, translated
   */
  <T> T call(final String step, final Supplier<T> request) {
    checkpoint(step);
    try {
      return request.get();
    } catch (final KubernetesClientException e) {
      throw translate(step, e);
    }
  }

  /** Like {@link #call}, for a step without a result. */
  void run(final String step, final Runnable request) {
    call(step, () -> {
      request.run();
      return null;
    });
  }

  /** The failure of {@code step} as the cluster manager should treat it. */
  ProvisionerException translate(final String step, final KubernetesClientException e) {
    if (job.cancellation().canceled()) {
      return new ProvisionerException(Reason.CANCELED, "canceled while " + step + ": " + job.cancellation().reason(),
          e);
    }
    final int code = e.getCode();
    final String said = serverMessage(e);
    if (code == 401) {
      return new ProvisionerException(Reason.PERMANENT, step + ": the API server at " + server
          + " rejected the kubeconfig's credentials (401 Unauthorized): the token or client certificate is "
          + "wrong or expired", e);
    }
    if (code == 403) {
      return new ProvisionerException(Reason.PERMANENT, step + ": forbidden (403): " + said
          + ". The kubeconfig's user needs this permission to attach the cluster", e);
    }
    if (code == 429 || code == 409 || code >= 500) {
      return new ProvisionerException(Reason.TRANSIENT, step + ": the API server answered " + code + ": " + said, e);
    }
    if (code >= 400) {
      return new ProvisionerException(Reason.PERMANENT, step + ": the API server refused it (" + code + "): " + said,
          e);
    }
    final Throwable network = networkCause(e);
    if (network instanceof SSLException) {
      return new ProvisionerException(Reason.PERMANENT, step + ": TLS with the API server at " + server
          + " failed (" + describe(network) + "): check the kubeconfig's certificate-authority-data", e);
    }
    if (network != null) {
      if (Instant.now().isAfter(deadline)) {
        return timedOut(step);
      }
      return new ProvisionerException(Reason.TRANSIENT, step + ": cannot reach the API server at " + server + " ("
          + describe(network) + ")", e);
    }
    return new ProvisionerException(Reason.TRANSIENT, step + ": " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
  }

  private ProvisionerException timedOut(final String step) {
    return new ProvisionerException(Reason.TIMEOUT, "ran past its timeout of " + job.timeout().toSeconds()
        + " s before " + step);
  }

  private static String serverMessage(final KubernetesClientException e) {
    final Status status = e.getStatus();
    if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
      return status.getMessage();
    }
    return e.getMessage() == null ? "no details" : e.getMessage();
  }

  /** The most telling network failure in the chain: a specific one (refused, unknown host, ...) over a bare I/O one. */
  private static Throwable networkCause(final Throwable e) {
    Throwable found = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof TimeoutException) {
        if (found == null || found.getClass() == IOException.class) {
          found = t;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return found;
  }

  private static String describe(final Throwable network) {
    final String what;
    if (network instanceof HttpConnectTimeoutException) {
      what = "connection timed out";
    } else if (network instanceof ConnectException) {
      what = "connection refused";
    } else if (network instanceof UnknownHostException) {
      what = "unknown host";
    } else if (network instanceof NoRouteToHostException) {
      what = "no route to host";
    } else if (network instanceof HttpTimeoutException || network instanceof SocketTimeoutException
        || network instanceof TimeoutException || network instanceof InterruptedIOException) {
      what = "request timed out";
    } else {
      what = network.getClass().getSimpleName();
    }
    final String message = network.getMessage();
    return message == null || message.isBlank() || what.equals(message) ? what : what + ": " + message;
  }

  private static int millis(final Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
  }

  @Override
  public void close() {
    client.close();
  }
}
