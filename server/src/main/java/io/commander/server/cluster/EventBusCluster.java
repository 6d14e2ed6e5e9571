package io.commander.server.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.commander.core.config.CommanderConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * What joins several Commander processes into one: Hazelcast's membership (a member list, or the
 * pods behind a Kubernetes Service) and a clustered event bus on an address the others can reach.
 * Vert.x's own map configuration comes first ({@code default-cluster.xml}); only discovery, names and
 * addresses are ours, so no multicast ever leaves the host.
 */
public final class EventBusCluster {

  private EventBusCluster() {
  }

  /** The cluster manager for {@code settings}; call only when clustering is on. */
  public static ClusterManager manager(final CommanderConfig.Cluster settings) {
    final Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(settings.name());
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    // Leave the cluster with the JVM's shutdown only through Commander's orderly stop.
    hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
    final NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(settings.port()).setPortAutoIncrement(false);
    final String host = host(settings);
    network.setPublicAddress(host + ":" + settings.port());
    network.getInterfaces().setEnabled(true).addInterface(host);
    final JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if ("kubernetes".equals(settings.mode())) {
      join.getKubernetesConfig().setEnabled(true).setProperty("service-name", settings.kubernetesService());
      if (!settings.kubernetesNamespace().isEmpty()) {
        join.getKubernetesConfig().setProperty("namespace", settings.kubernetesNamespace());
      }
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
    }
    return new HazelcastClusterManager(hazelcast);
  }

  /** Where the event bus listens and what address it gives the other members. */
  public static EventBusOptions eventBus(final CommanderConfig.Cluster settings) {
    final String host = host(settings);
    return new EventBusOptions().setHost(host).setPort(settings.busPort()).setClusterPublicHost(host);
  }

  /** {@code cluster.host}, or the first address of this host that is not loopback. */
  static String host(final CommanderConfig.Cluster settings) {
    if (!settings.host().isEmpty()) {
      return settings.host();
    }
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            return address.getHostAddress();
          }
        }
      }
      return InetAddress.getLocalHost().getHostAddress();
    } catch (SocketException | java.net.UnknownHostException e) {
      throw new IllegalStateException("no address of this host for the cluster: set cluster.host", e);
    }
  }
}
