--liquibase formatted sql

--changeset commander:0016-outbox
-- The transactional outbox: every change other systems care about writes one row here in the same
-- transaction as the change, so a committed change always has its event and a rolled-back one never
-- has. The outbox-relay role publishes unpublished rows in sequence order to Kafka as CloudEvents
-- (id = the row's id, so a row published twice after a crash keeps its id) and marks them published;
-- published rows are purged after outbox.retention-hours.
-- Events of one cluster are written while its row is locked, so their sequence is their commit order.
CREATE TABLE outbox_events (
    sequence      bigserial   PRIMARY KEY,
    id            uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    -- CloudEvents type, e.g. io.commander.cluster.status_changed
    type          text        NOT NULL,
    -- The entity the event is about (CloudEvents subject), and the Kafka key: the cluster's id for
    -- anything of a cluster, so one consumer partition sees a cluster's events in order.
    subject       uuid        NOT NULL,
    partition_key uuid        NOT NULL,
    workspace_id  uuid,
    data          jsonb       NOT NULL CHECK (jsonb_typeof(data) = 'object'),
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    published_at  timestamptz,
    attempts      integer     NOT NULL DEFAULT 0
);
-- What the relay reads: unpublished rows in order; small, as published rows leave it at once.
CREATE INDEX outbox_events_unpublished_idx ON outbox_events (sequence) WHERE published_at IS NULL;
-- What the purge reads.
CREATE INDEX outbox_events_published_idx ON outbox_events (published_at) WHERE published_at IS NOT NULL;
