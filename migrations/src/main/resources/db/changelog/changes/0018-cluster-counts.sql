--liquibase formatted sql

--changeset commander:0018-cluster-counts splitStatements:false
-- How many clusters each workspace has (and how many are not archived), kept exact by a trigger in the
-- transaction that inserts, archives or deletes one: a clusters list without filters answers its total from
-- here instead of counting the workspace's clusters on every page. The counts are split in 16 shards, each
-- written only by the database sessions whose process id falls on it, and the trigger runs at commit
-- (deferred): concurrent creates in one workspace do not queue on one row for their whole transaction.
-- A count is the sum of its workspace's shards. Counts written by a transaction still open are not seen by
-- that transaction before it commits (the trigger has not run yet).
LOCK TABLE clusters IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE cluster_counts (
    workspace_id uuid     NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    shard        smallint NOT NULL,
    clusters     bigint   NOT NULL,
    live         bigint   NOT NULL,
    PRIMARY KEY (workspace_id, shard)
);

CREATE FUNCTION cluster_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    mine smallint := pg_backend_pid() % 16;
BEGIN
    -- A workspace deleted in the same transaction took its counts along: nothing left to count down.
    IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (SELECT 1 FROM workspaces WHERE id = OLD.workspace_id) THEN
        INSERT INTO cluster_counts AS k (workspace_id, shard, clusters, live)
        VALUES (OLD.workspace_id, mine, -1, CASE WHEN OLD.archived_at IS NULL THEN -1 ELSE 0 END)
        ON CONFLICT (workspace_id, shard)
        DO UPDATE SET clusters = k.clusters + excluded.clusters, live = k.live + excluded.live;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO cluster_counts AS k (workspace_id, shard, clusters, live)
        VALUES (NEW.workspace_id, mine, 1, CASE WHEN NEW.archived_at IS NULL THEN 1 ELSE 0 END)
        ON CONFLICT (workspace_id, shard)
        DO UPDATE SET clusters = k.clusters + excluded.clusters, live = k.live + excluded.live;
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER cluster_counts_insert_delete AFTER INSERT OR DELETE ON clusters
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cluster_counts_track();
-- Other updates (status, revisions, checks: most of a cluster's writes) do not fire it.
CREATE CONSTRAINT TRIGGER cluster_counts_update AFTER UPDATE ON clusters
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.workspace_id IS DISTINCT FROM NEW.workspace_id
          OR (OLD.archived_at IS NULL) IS DISTINCT FROM (NEW.archived_at IS NULL))
    EXECUTE FUNCTION cluster_counts_track();

INSERT INTO cluster_counts (workspace_id, shard, clusters, live)
SELECT workspace_id, 0, count(*), count(*) FILTER (WHERE archived_at IS NULL) FROM clusters GROUP BY workspace_id;

--changeset commander:0018-cluster-status-list-index
-- A list narrowed by status (the console's status filter) in its order from this index alone: its page
-- reads the rows it answers and its count the matching entries, not every cluster of the workspace.
CREATE INDEX clusters_workspace_status_list_idx ON clusters (workspace_id, status, created_at DESC, id)
    INCLUDE (archived_at);

--changeset commander:0018-cluster-counts-truncate splitStatements:false
-- TRUNCATE fires no row trigger: emptying the clusters empties their counts too.
CREATE FUNCTION cluster_counts_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM cluster_counts;
    RETURN NULL;
END
$$;

CREATE TRIGGER cluster_counts_truncate AFTER TRUNCATE ON clusters
    FOR EACH STATEMENT EXECUTE FUNCTION cluster_counts_reset();
