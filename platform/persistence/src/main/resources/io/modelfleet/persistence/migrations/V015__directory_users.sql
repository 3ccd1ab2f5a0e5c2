-- Users from the company directory (LDAP): created at their first login, their role and attributes synced at every
-- login. Their password_hash is a marker no password verifies, so only the directory signs them in.
ALTER TABLE app_user ADD COLUMN IF NOT EXISTS directory BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE app_user ADD COLUMN IF NOT EXISTS display_name VARCHAR(256) NULL;
ALTER TABLE app_user ADD COLUMN IF NOT EXISTS email VARCHAR(256) NULL;
