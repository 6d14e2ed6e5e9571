--liquibase formatted sql

--changeset commander:0014-cluster-list-index
-- The clusters list's order (newest first, ids ascending among equals) with what it filters on, so a
-- page and the workspace's count are read from the index alone, however deep the page.
CREATE INDEX clusters_workspace_list_idx ON clusters (workspace_id, created_at DESC, id) INCLUDE (status, archived_at);
DROP INDEX clusters_workspace_created_idx;
