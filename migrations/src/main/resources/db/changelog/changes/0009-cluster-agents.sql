--liquibase formatted sql

--changeset commander:0009-cluster-agents
-- The agent link of each cluster: its latest session, written in batches by the gateway that holds
-- it, and what the agent last reported applying. Whether the agent is connected is derived when read
-- from last_seen_at's age (offline_at = last_seen_at + the gateway's offline-after), so a gateway that
-- died leaves its clusters shown disconnected.
CREATE TABLE cluster_agents (
    cluster_id             uuid        PRIMARY KEY REFERENCES clusters (id) ON DELETE CASCADE,
    session_id             uuid        NOT NULL,
    gateway_id             text        NOT NULL,
    agent_version          text        NOT NULL,
    connected_at           timestamptz NOT NULL,
    last_seen_at           timestamptz NOT NULL,
    offline_at             timestamptz NOT NULL,
    disconnected_at        timestamptz,
    resources_revision     integer,
    resources_sync_state   text,
    resources_results      jsonb       NOT NULL DEFAULT '[]'::jsonb,
    resources_checked_at   timestamptz,
    resources_applied_at   timestamptz
);
