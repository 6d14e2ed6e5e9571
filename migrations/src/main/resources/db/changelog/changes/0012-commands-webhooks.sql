--liquibase formatted sql

--changeset commander:0012-commands
-- Commands other systems send on commander.commands.v1, one row per idempotency key (the CloudEvent's
-- id): written in the transaction of the change a command made (or of its rejection), with the
-- result event's data, so a command read again is answered from here and never runs twice.
CREATE TABLE commands (
    id           text        PRIMARY KEY,
    -- The command's CloudEvent type as sent; null when it had none.
    type         text,
    workspace_id uuid,
    outcome      text        NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
    result       jsonb       NOT NULL CHECK (jsonb_typeof(result) = 'object'),
    handled_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commands_handled_idx ON commands (handled_at);

--changeset commander:0012-webhooks
-- Webhook subscriptions of a workspace: events of the listed types are posted to the URL, signed
-- with the secret (encrypted by the application, shown once when created).
CREATE TABLE webhooks (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id     uuid        NOT NULL REFERENCES workspaces (id),
    url              text        NOT NULL,
    event_types      text[]      NOT NULL CHECK (cardinality(event_types) > 0),
    secret_encrypted text        NOT NULL,
    created_by       text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_workspace_idx ON webhooks (workspace_id);

-- One row per event and subscription, written with the event in the transaction of the change, so a
-- committed change always reaches its subscribers; the deliverer posts due ones and records each try.
CREATE TABLE webhook_deliveries (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    webhook_id      uuid        NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_sequence  bigint      NOT NULL,
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL,
    state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    -- Each try: {"at", "status" (HTTP, or null), "error" (or null), "duration_ms"}.
    tries           jsonb       NOT NULL DEFAULT '[]'::jsonb,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    UNIQUE (webhook_id, event_id)
);
-- What the deliverer reads: due pending deliveries, oldest event first.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at, event_sequence) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (webhook_id, created_at DESC);
