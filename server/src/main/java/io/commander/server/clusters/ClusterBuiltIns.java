package io.commander.server.clusters;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** The variables Commander gives every template of a cluster, as Commander names them. */
public final class ClusterBuiltIns {

  private ClusterBuiltIns() {
  }

  /**
   * @param domain Commander's own domain ({@code dc_domain})
   * @param caBundle Commander's CA certificate, base64 ({@code dc_caBundle}); empty when publicly trusted
   */
  public static JsonObject of(final UUID clusterId, final String domain, final SshKeyPair ssh, final String caBundle) {
    return new JsonObject()
        .put("dc_clusterUUID", clusterId.toString())
        .put("dc_domain", domain)
        .put("dc_sshPublicKey", ssh.publicKey())
        .put("dc_sshPrivateKey", ssh.privateKey())
        .put("dc_caBundle", caBundle);
  }
}
