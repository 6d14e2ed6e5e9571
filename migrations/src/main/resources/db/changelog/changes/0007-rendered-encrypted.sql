--liquibase formatted sql

--changeset commander:0007-rendered-encrypted
-- What a revision rendered holds the cluster's secrets (the SSH private key, registry credentials,
-- password values), so it is stored encrypted like them: one AES-GCM value of the sections' JSON.
-- Rendered text written before this change is dropped; a cluster renders again on its next change.
ALTER TABLE cluster_revisions DROP COLUMN rendered;
ALTER TABLE cluster_revisions ADD COLUMN rendered_encrypted text;
