--liquibase formatted sql

--changeset commander:0017-outbox-xid
-- The transaction that wrote each outbox row, for readers that follow the outbox as it grows (the console's
-- event stream): rows are read only below the oldest transaction still running (pg_snapshot_xmin), ordered
-- by (xid, sequence), so a transaction that commits late cannot slip a row behind a reader's position.
ALTER TABLE outbox_events ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX outbox_events_xid_idx ON outbox_events (xid, sequence);
