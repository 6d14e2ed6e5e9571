--liquibase formatted sql

--changeset commander:0010-cluster-agent-data
-- The latest document an agent reported per cluster and source. session_id, seq and sent_at say
-- which report wrote it: a redelivered or older report does not replace it.
CREATE TABLE cluster_agent_data (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    cluster_id uuid        NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    source     text        NOT NULL,
    data       jsonb       NOT NULL,
    session_id uuid        NOT NULL,
    seq        bigint      NOT NULL,
    sent_at    timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (cluster_id, source)
);

--changeset commander:0010-cluster-telemetry-history
-- One point per cluster and interval (telemetry.history-interval), every charted metric of the
-- interval's first reports in one jsonb: a tenth of the rows one per metric would take.
CREATE TABLE cluster_telemetry_history (
    cluster_id uuid        NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    at         timestamptz NOT NULL,
    metrics    jsonb       NOT NULL,
    PRIMARY KEY (cluster_id, at)
);
CREATE INDEX cluster_telemetry_history_at ON cluster_telemetry_history (at);
