package io.commander.server.crypto;

import java.util.List;

/**
 * A column whose values are encrypted by the application, and the registry of all of them: the
 * one place that says which columns key rotation re-encrypts, and under which context (the GCM
 * associated data) their values are encrypted. A context never changes once values exist; a new
 * encrypted column is added here in the same change as its changelog.
 *
 * @param table the table
 * @param idColumn its primary-key column
 * @param valueColumn the encrypted column (text, {@code NULL} when there is no value)
 * @param context the context values are encrypted with
 */
public record EncryptedColumn(String table, String idColumn, String valueColumn, String context) {

  /** Registry credentials (user name and password). */
  public static final EncryptedColumn REGISTRY_AUTH =
      new EncryptedColumn("registries", "id", "auth_encrypted", "registries.auth");
  /** The private half of a cluster's SSH key pair. */
  public static final EncryptedColumn CLUSTER_SSH_PRIVATE_KEY =
      new EncryptedColumn("clusters", "id", "ssh_private_key_encrypted", "clusters.ssh_private_key");
  /** The kubeconfig of an attached cluster. */
  public static final EncryptedColumn CLUSTER_KUBECONFIG =
      new EncryptedColumn("clusters", "id", "kubeconfig_encrypted", "clusters.kubeconfig");
  /** The token of a cluster's agent, installed into the cluster by provisioners. */
  public static final EncryptedColumn CLUSTER_AGENT_TOKEN =
      new EncryptedColumn("clusters", "id", "agent_token_encrypted", "clusters.agent_token");
  /** What a cluster revision rendered (JSON of its sections), which holds the cluster's secrets. */
  public static final EncryptedColumn CLUSTER_REVISION_RENDERED =
      new EncryptedColumn("cluster_revisions", "id", "rendered_encrypted", "cluster_revisions.rendered");
  /** The values of a cluster's password fields (a JSON object), kept out of its values. */
  public static final EncryptedColumn CLUSTER_SECRET_VALUES =
      new EncryptedColumn("clusters", "id", "secret_values_encrypted", "clusters.secret_values");
  /** The same for each revision of a cluster. */
  public static final EncryptedColumn REVISION_SECRET_VALUES =
      new EncryptedColumn("cluster_revisions", "id", "secret_values_encrypted", "cluster_revisions.secret_values");
  /** The signing secret of a webhook subscription. */
  public static final EncryptedColumn WEBHOOK_SECRET =
      new EncryptedColumn("webhooks", "id", "secret_encrypted", "webhooks.secret");
  /** The canary that proves at start-up that the keys match the database ({@link EncryptionCanary}). */
  public static final EncryptedColumn CANARY =
      new EncryptedColumn("encryption_canary", "id", "value_encrypted", "encryption_canary");

  /** Every encrypted column, the canary last. */
  public static final List<EncryptedColumn> ALL =
      List.of(REGISTRY_AUTH, CLUSTER_SSH_PRIVATE_KEY, CLUSTER_KUBECONFIG, CLUSTER_AGENT_TOKEN,
          CLUSTER_REVISION_RENDERED, CLUSTER_SECRET_VALUES, REVISION_SECRET_VALUES, WEBHOOK_SECRET, CANARY);

  /** {@code table.column}, for messages and counts. */
  public String qualifiedName() {
    return table + "." + valueColumn;
  }
}
