package io.commander.server.api;

import io.vertx.core.json.JsonObject;

/** An OpenStack cloud cluster template whose masters are a parameter: a plan with fewer of them is destructive. */
public final class CloudTemplate {

  public static final String KUBERNETES = "apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\n"
      + "clusterType: Cloud\ncloud: {provider: OpenStack, prefix: demo}\npodSubnetCIDR: 10.111.0.0/16\n"
      + "serviceSubnetCIDR: 10.222.0.0/16\nkubernetesVersion: Automatic\nclusterDomain: cluster.local\n";
  public static final String PLACEMENT = "apiVersion: deckhouse.io/v1\nkind: OpenStackClusterConfiguration\n"
      + "layout: Standard\nsshPublicKey: {{ .dc_sshPublicKey | quote }}\nmasterNodeGroup:\n"
      + "  replicas: {{ .masters }}\n"
      + "  instanceClass: {flavorName: m1.large, imageName: ubuntu-22-04, rootDiskSize: 50}\n"
      + "  volumeTypeMap: {nova: ceph-ssd}\n"
      + "standard: {internalNetworkCIDR: 192.168.199.0/24, externalNetworkName: public, "
      + "internalNetworkDNSServers: [8.8.8.8]}\n"
      + "provider: {authURL: 'https://cloud.example.com/v3', domainName: Default, tenantName: demo, "
      + "username: demo, password: demo, region: RegionOne}\n";

  private CloudTemplate() {
  }

  /** The kubernetes and placement sections. */
  public static JsonObject sections() {
    return new JsonObject().put("kubernetes", KUBERNETES).put("placement", PLACEMENT);
  }
}
