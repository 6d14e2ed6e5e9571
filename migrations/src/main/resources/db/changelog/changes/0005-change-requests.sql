--liquibase formatted sql

--changeset commander:0005-change-requests
-- A change whose plan destroys nodes or infrastructure waits here for a person's approval. The
-- approval names the SHA-256 of the destructive change set, so what is approved is what was shown.
CREATE TABLE cluster_change_requests (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    cluster_id       uuid        NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    -- The change task whose plan found the destructive changes.
    task_id          uuid        REFERENCES tasks (id) ON DELETE SET NULL,
    revision         integer     NOT NULL CHECK (revision > 0),
    changes          jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(changes) = 'array'),
    destructive      jsonb       NOT NULL CHECK (jsonb_typeof(destructive) = 'array'),
    change_set_sha256 text       NOT NULL CHECK (change_set_sha256 ~ '^[0-9a-f]{64}$'),
    status           text        NOT NULL DEFAULT 'pending'
                                 CHECK (status IN ('pending', 'approved', 'completed', 'superseded')),
    approved_by      text,
    approved_at      timestamptz,
    completed_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cluster_change_requests_approved CHECK ((status = 'pending') = (approved_at IS NULL)
                                                       OR status = 'superseded')
);
-- At most one request per cluster waits for a decision.
CREATE UNIQUE INDEX cluster_change_requests_one_open ON cluster_change_requests (cluster_id)
    WHERE status IN ('pending', 'approved');
CREATE INDEX cluster_change_requests_cluster_idx ON cluster_change_requests (cluster_id, created_at);
