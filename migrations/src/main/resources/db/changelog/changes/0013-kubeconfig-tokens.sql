--liquibase formatted sql

--changeset commander:0013-kubeconfig-tokens
-- Short-lived tokens of downloaded kubeconfigs: each bound to one user and one cluster, good only for
-- that cluster's Kubernetes API passthrough, under the user's roles of the moment.
CREATE TABLE kubeconfig_tokens (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    cluster_id   uuid        NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    -- Only a keyed hash of the secret is kept, as for API tokens; the secret is in the kubeconfig alone.
    token_hash   text        NOT NULL,
    token_prefix text        NOT NULL,
    expires_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT kubeconfig_tokens_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX kubeconfig_tokens_cluster_user_idx ON kubeconfig_tokens (cluster_id, user_id, created_at DESC);
CREATE INDEX kubeconfig_tokens_user_idx ON kubeconfig_tokens (user_id);
