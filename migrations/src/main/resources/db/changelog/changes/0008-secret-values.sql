--liquibase formatted sql

--changeset commander:0008-secret-values
-- Values of password fields are kept out of the values jsonb (which holds "****" for them) and
-- stored encrypted beside it, as one AES-GCM value of a JSON object of those fields.
ALTER TABLE clusters ADD COLUMN secret_values_encrypted text;
ALTER TABLE cluster_revisions ADD COLUMN secret_values_encrypted text;
