--liquibase formatted sql

-- What the cluster manager's drift checks found: whether the cluster differs from its rendered
-- configuration, and how (the provisioner's list of differences). A successful change clears both.

--changeset commander:0004-cluster-drift
ALTER TABLE clusters
    ADD COLUMN out_of_sync boolean NOT NULL DEFAULT false,
    ADD COLUMN drift       jsonb CHECK (drift IS NULL OR jsonb_typeof(drift) = 'array');
