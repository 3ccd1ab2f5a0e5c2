-- Platform foundation: users and sessions, audit, enrollment tokens, edges, inference results and edge events.
-- Times are DATETIME(3) holding UTC wall-clock time (written and read by UtcInstantTypeHandler), so they mean the same
-- whatever the server's or the session's time zone and reach beyond 2038.
-- MariaDB DDL commits statement by statement: IF NOT EXISTS lets a run that died half-way simply run again.
CREATE TABLE IF NOT EXISTS app_user (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  username VARCHAR(64) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  role VARCHAR(16) NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  failed_logins INT NOT NULL DEFAULT 0,
  locked_until DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  last_login_at DATETIME(3) NULL,
  UNIQUE KEY uq_user_name (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS user_session (
  token_hash CHAR(64) NOT NULL PRIMARY KEY,
  user_id BIGINT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  last_used_at DATETIME(3) NOT NULL,
  idle_expires_at DATETIME(3) NOT NULL,
  absolute_expires_at DATETIME(3) NOT NULL,
  KEY ix_session_user (user_id),
  KEY ix_session_idle_expiry (idle_expires_at),
  KEY ix_session_absolute_expiry (absolute_expires_at),
  CONSTRAINT fk_session_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS audit_log (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  at DATETIME(3) NOT NULL,
  actor VARCHAR(128) NOT NULL,
  action VARCHAR(64) NOT NULL,
  target_type VARCHAR(64) NULL,
  target_id VARCHAR(128) NULL,
  detail TEXT NULL,
  KEY ix_audit_at (at),
  KEY ix_audit_target (target_type, target_id),
  KEY ix_audit_actor (actor, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS enrollment_token (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  token_hash CHAR(64) NOT NULL,
  description VARCHAR(256) NULL,
  max_uses INT NOT NULL,
  uses INT NOT NULL DEFAULT 0,
  expires_at DATETIME(3) NOT NULL,
  revoked BOOLEAN NOT NULL DEFAULT FALSE,
  created_by VARCHAR(128) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  UNIQUE KEY uq_token_hash (token_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Names compare case-insensitively (utf8mb4_unicode_ci): "Cam-1" and "cam-1" cannot both exist.
CREATE TABLE IF NOT EXISTS edge (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  description VARCHAR(1024) NULL,
  location VARCHAR(256) NULL,
  state VARCHAR(16) NOT NULL,
  inference_status VARCHAR(16) NOT NULL,
  credential_hash CHAR(64) NOT NULL,
  hostname VARCHAR(256) NULL,
  os VARCHAR(256) NULL,
  os_version VARCHAR(256) NULL,
  arch VARCHAR(256) NULL,
  cpu VARCHAR(256) NULL,
  cores INT NULL,
  memory_bytes BIGINT NULL,
  gpu VARCHAR(256) NULL,
  agent_version VARCHAR(64) NULL,
  runtimes TEXT NULL,
  model_version VARCHAR(64) NULL,
  last_seen_at DATETIME(3) NULL,
  enrollment_token_id BIGINT NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  updated_by VARCHAR(128) NOT NULL,
  UNIQUE KEY uq_edge_name (name),
  KEY ix_edge_state (state),
  KEY ix_edge_last_seen (last_seen_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Binary collation: tags are a case-sensitive map, so "Line" and "line" are two keys, as in the API.
CREATE TABLE IF NOT EXISTS edge_tag (
  edge_id BIGINT NOT NULL,
  tag_key VARCHAR(64) NOT NULL,
  tag_value VARCHAR(256) NOT NULL,
  PRIMARY KEY (edge_id, tag_key),
  KEY ix_tag (tag_key, tag_value),
  CONSTRAINT fk_tag_edge FOREIGN KEY (edge_id) REFERENCES edge (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- No foreign key to edge: ingest is the hot path and edges are never deleted.
CREATE TABLE IF NOT EXISTS inference_result (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  edge_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  time DATETIME(3) NOT NULL,
  model_version VARCHAR(64) NULL,
  stream VARCHAR(128) NULL,
  label VARCHAR(256) NULL,
  score DOUBLE NULL,
  probabilities LONGTEXT NULL,
  latency_ms DOUBLE NULL,
  input_ref VARCHAR(512) NULL,
  received_at DATETIME(3) NOT NULL,
  UNIQUE KEY uq_result (edge_id, seq),
  KEY ix_result_edge_time (edge_id, time),
  KEY ix_result_time (time),
  KEY ix_result_model_time (model_version, time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS edge_event (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  edge_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  kind VARCHAR(32) NOT NULL,
  time DATETIME(3) NOT NULL,
  model_version VARCHAR(64) NULL,
  message VARCHAR(2048) NOT NULL,
  received_at DATETIME(3) NOT NULL,
  UNIQUE KEY uq_event (edge_id, kind, seq),
  KEY ix_event_edge_time (edge_id, time),
  KEY ix_event_time (time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
