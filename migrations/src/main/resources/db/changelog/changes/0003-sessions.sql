--liquibase formatted sql

--changeset commander:0003-sessions
-- Signing out voids every session of the user issued before this time.
ALTER TABLE users ADD COLUMN sessions_not_before timestamptz;
