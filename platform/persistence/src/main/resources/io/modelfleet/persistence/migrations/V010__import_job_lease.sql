-- An import runs on the server that started it. That server holds it with a lease it renews; any server fails an
-- import whose lease ran out (its server died), so a replica starting up leaves the imports of the others alone. A
-- cancel reaching another replica is a flag the owner reads with its progress. (IF NOT EXISTS: a migration that died
-- half way runs again.)
ALTER TABLE import_job ADD COLUMN IF NOT EXISTS owner VARCHAR(128) NULL;
ALTER TABLE import_job ADD COLUMN IF NOT EXISTS lease_until DATETIME(3) NULL;
ALTER TABLE import_job ADD COLUMN IF NOT EXISTS cancel_requested BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX IF NOT EXISTS ix_job_state_lease ON import_job (state, lease_until);
