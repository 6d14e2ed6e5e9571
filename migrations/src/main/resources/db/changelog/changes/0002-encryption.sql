--liquibase formatted sql

-- Encryption at rest. Sensitive columns (*_encrypted) hold values encrypted by the application:
-- "<format>.<key id>.<nonce, ciphertext and tag in base64url>". This table holds one known text
-- encrypted the same way: at start-up Commander decrypts it to prove that its keys are the ones
-- this database was written with, and refuses to start otherwise.

--changeset commander:0002-encryption-canary
CREATE TABLE encryption_canary (
    -- Always true: the table holds at most one row.
    id              boolean     PRIMARY KEY DEFAULT true CHECK (id),
    value_encrypted text        NOT NULL,
    -- When this database was first started with its keys.
    created_at      timestamptz NOT NULL DEFAULT now()
);
