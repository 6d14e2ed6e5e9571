--liquibase formatted sql

--changeset commander:0011-commander-cluster-fields
-- What Deckhouse Commander's clients read of a cluster beside its inputs: its type and the first
-- masters' SSH addresses (cluster_type and connection_hosts, filled from what the current revision
-- rendered, in plain columns so lists need not decrypt revisions), and when its template version,
-- desired and applied configuration last moved.
ALTER TABLE clusters
    ALTER COLUMN connection_hosts SET DEFAULT '{"masters": []}',
    ADD COLUMN cluster_template_version_switched_at timestamptz,
    ADD COLUMN configuration_updated_at             timestamptz,
    ADD COLUMN configuration_applied_at             timestamptz;
UPDATE clusters SET connection_hosts = '{"masters": []}' WHERE connection_hosts = '{}';
UPDATE clusters SET cluster_template_version_switched_at = created_at, configuration_updated_at = updated_at,
    configuration_applied_at = CASE WHEN applied_revision IS NOT NULL THEN updated_at END;
