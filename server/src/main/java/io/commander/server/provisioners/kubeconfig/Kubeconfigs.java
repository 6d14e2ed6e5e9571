package io.commander.server.provisioners.kubeconfig;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.commander.server.provisioners.ProvisionerException;
import io.commander.server.provisioners.ProvisionerException.Reason;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Reads a cluster's stored kubeconfig into a client {@link Config}, refusing what must not run on the
 * Commander server: credential plugins ({@code exec}, {@code auth-provider}) would start programs
 * here, and file references ({@code tokenFile}, {@code client-certificate}, {@code client-key},
 * {@code certificate-authority}) would read this server's files. Only inline credentials are taken
 * (token, client certificate and key data, basic auth). Failure messages never quote the kubeconfig:
 * a parse error names only the line and column.
 */
final class Kubeconfigs {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Kubeconfigs() {
  }

  /**
   * The client configuration of the kubeconfig's current context.
   *
   * @throws ProvisionerException PERMANENT when the kubeconfig is missing, does not parse, names no
   *     usable context, cluster server or user, or uses a refused feature
   */
  static Config parse(final String kubeconfig) {
    if (kubeconfig == null || kubeconfig.isBlank()) {
      throw permanent("the cluster has no kubeconfig: store one before attaching it");
    }
    final io.fabric8.kubernetes.api.model.Config model;
    try {
      model = SERIALIZATION.unmarshal(kubeconfig, io.fabric8.kubernetes.api.model.Config.class);
    } catch (final RuntimeException e) {
      throw permanent("the kubeconfig does not read as a kubeconfig (YAML)" + location(e)
          + " (its text is not repeated here because it holds credentials)");
    }
    if (model == null) {
      throw permanent("the kubeconfig is empty");
    }
    final NamedContext context = current(model);
    final Cluster cluster = find(model.getClusters(), NamedCluster::getName, context.getContext().getCluster())
        .map(NamedCluster::getCluster)
        .orElseThrow(() -> permanent("the kubeconfig's context '" + context.getName() + "' names cluster '"
            + context.getContext().getCluster() + "', which the kubeconfig does not define"));
    checkServer(cluster);
    if (cluster.getCertificateAuthority() != null && !cluster.getCertificateAuthority().isBlank()) {
      throw fileReference("clusters[].cluster.certificate-authority", "certificate-authority-data");
    }
    final String userName = context.getContext().getUser();
    if (userName != null && !userName.isBlank()) {
      final AuthInfo user = find(model.getUsers(), NamedAuthInfo::getName, userName)
          .map(NamedAuthInfo::getUser)
          .orElseThrow(() -> permanent("the kubeconfig's context '" + context.getName() + "' names user '"
              + userName + "', which the kubeconfig does not define"));
      checkUser(user);
    }
    final Config config;
    try {
      config = Config.fromKubeconfig(kubeconfig);
    } catch (final RuntimeException e) {
      throw permanent("the kubeconfig could not be loaded (" + e.getClass().getSimpleName() + ")");
    }
    if (config.getNamespace() == null || config.getNamespace().isBlank()) {
      config.setNamespace("default");
    }
    return config;
  }

  private static NamedContext current(final io.fabric8.kubernetes.api.model.Config model) {
    final List<NamedContext> contexts = model.getContexts() == null ? List.of() : model.getContexts();
    final String name = model.getCurrentContext();
    if (name == null || name.isBlank()) {
      throw permanent("the kubeconfig has no current-context: set it to the context Commander should use");
    }
    final NamedContext context = find(contexts, NamedContext::getName, name)
        .orElseThrow(() -> permanent("the kubeconfig's current-context '" + name + "' is not one of its contexts"));
    final Context inner = context.getContext();
    if (inner == null || inner.getCluster() == null || inner.getCluster().isBlank()) {
      throw permanent("the kubeconfig's context '" + name + "' names no cluster");
    }
    return context;
  }

  private static void checkServer(final Cluster cluster) {
    final String server = cluster.getServer();
    if (server == null || server.isBlank()) {
      throw permanent("the kubeconfig's cluster has no server URL");
    }
    final URI uri;
    try {
      uri = URI.create(server.trim());
    } catch (final IllegalArgumentException e) {
      throw permanent("the kubeconfig's server URL is not a URL");
    }
    if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
      throw permanent("the kubeconfig's server URL must be http(s)://host[:port], not '" + uri.getScheme() + ":...'");
    }
  }

  private static void checkUser(final AuthInfo user) {
    if (user.getExec() != null) {
      throw permanent("the kubeconfig's user runs an exec credential plugin ('"
          + commandName(user.getExec().getCommand())
          + "'), which Commander does not run on its server: use a token or a client certificate");
    }
    if (user.getAuthProvider() != null) {
      throw permanent("the kubeconfig's user uses the auth-provider '" + user.getAuthProvider().getName()
          + "', which Commander does not support: use a token or a client certificate");
    }
    if (user.getTokenFile() != null && !user.getTokenFile().isBlank()) {
      throw fileReference("users[].user.tokenFile", "token");
    }
    if (user.getClientCertificate() != null && !user.getClientCertificate().isBlank()) {
      throw fileReference("users[].user.client-certificate", "client-certificate-data");
    }
    if (user.getClientKey() != null && !user.getClientKey().isBlank()) {
      throw fileReference("users[].user.client-key", "client-key-data");
    }
  }

  private static String commandName(final String command) {
    if (command == null) {
      return "";
    }
    final int slash = command.lastIndexOf('/');
    return slash < 0 ? command : command.substring(slash + 1);
  }

  private static <T> Optional<T> find(final List<T> items, final Function<T, String> name, final String wanted) {
    return items == null ? Optional.empty()
        : items.stream().filter(i -> wanted.equals(name.apply(i))).findFirst();
  }

  /** " at line L, column C" from a YAML or JSON parse error, or nothing: never the message, which quotes input. */
  static String location(final Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof MarkedYamlEngineException yaml) {
        final Optional<Mark> mark = yaml.getProblemMark();
        if (mark.isPresent()) {
          return " at line " + (mark.get().getLine() + 1) + ", column " + (mark.get().getColumn() + 1);
        }
      }
      if (t instanceof JsonProcessingException json && json.getLocation() != null) {
        final JsonLocation at = json.getLocation();
        if (at.getLineNr() > 0) {
          return " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return "";
  }

  private static ProvisionerException fileReference(final String field, final String inline) {
    return permanent("the kubeconfig's " + field + " refers to a file on the Commander server, which is not "
        + "read: embed the value as " + inline + " instead");
  }

  private static ProvisionerException permanent(final String message) {
    return new ProvisionerException(Reason.PERMANENT, message);
  }
}
