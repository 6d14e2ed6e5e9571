--liquibase formatted sql

--changeset commander:0006-installation
-- This Commander installation's identity: clusters record which Commander manages them, and a
-- second Commander refuses to take over a cluster that names another.
CREATE TABLE installation (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    singleton  boolean     NOT NULL DEFAULT true UNIQUE CHECK (singleton),
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO installation DEFAULT VALUES;

--changeset commander:0006-agent-token
-- The agent's token: its keyed hash authenticates the agent; the encrypted value is what
-- provisioners install into the cluster again on every apply.
ALTER TABLE clusters ADD COLUMN agent_token_encrypted text;
