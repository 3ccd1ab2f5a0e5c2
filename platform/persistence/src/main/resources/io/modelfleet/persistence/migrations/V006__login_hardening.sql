-- Usernames are unique regardless of case, and login throttling moves from the account to (client address, username)
-- and client address, so that nobody elsewhere can lock a real user out.

-- Names that differ only by case already stored: the oldest account keeps its name, the others get '~<id>' appended
-- (they log in with that name from then on); without this the unique key below could not be created.
UPDATE app_user u JOIN app_user older ON LOWER(older.username) = LOWER(u.username) AND older.id < u.id
  SET u.username = CONCAT(LEFT(u.username, 43), '~', u.id);

ALTER TABLE app_user ADD COLUMN IF NOT EXISTS username_key VARCHAR(64) AS (LOWER(username)) PERSISTENT;
CREATE UNIQUE INDEX IF NOT EXISTS uq_user_name_key ON app_user (username_key);
ALTER TABLE app_user DROP COLUMN IF EXISTS failed_logins;
ALTER TABLE app_user DROP COLUMN IF EXISTS locked_until;

-- One row per throttled key: SHA-256 of "user|<address>|<lower-case name>" or of "address|<address>" (keys hashed,
-- so any username fits and no address or name is readable here). Failures older than the forgetting time restart
-- the count.
CREATE TABLE IF NOT EXISTS login_throttle (
  throttle_key CHAR(64) NOT NULL PRIMARY KEY,
  failures INT NOT NULL,
  last_failure_at DATETIME(3) NOT NULL,
  blocked_until DATETIME(3) NULL,
  KEY ix_login_throttle_last (last_failure_at)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
