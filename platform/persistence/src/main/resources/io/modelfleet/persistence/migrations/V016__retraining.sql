-- The closed loop: a stream's retraining policy (which alert rules trigger it and what it does then), and each
-- retraining it started with its steps. Idempotent: a migration that died half way runs again.

CREATE TABLE IF NOT EXISTS retraining_policy (
  stream_id BIGINT NOT NULL PRIMARY KEY,
  enabled TINYINT(1) NOT NULL,
  source VARCHAR(64) NOT NULL,
  max_score DOUBLE NULL,
  max_items INT NOT NULL,
  wait_for_labels TINYINT(1) NOT NULL,
  gate_metric VARCHAR(64) NULL,
  gate_min_value DOUBLE NULL,
  gate_max_drop DOUBLE NULL,
  auto_approve TINYINT(1) NOT NULL,
  cooldown_minutes INT NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  updated_by VARCHAR(128) NOT NULL,
  CONSTRAINT fk_retraining_policy_stream FOREIGN KEY (stream_id) REFERENCES stream (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A deleted rule leaves the policies it triggered.
CREATE TABLE IF NOT EXISTS retraining_trigger (
  stream_id BIGINT NOT NULL,
  rule_id BIGINT NOT NULL,
  PRIMARY KEY (stream_id, rule_id),
  KEY ix_retraining_trigger_rule (rule_id),
  CONSTRAINT fk_retraining_trigger_policy FOREIGN KEY (stream_id) REFERENCES retraining_policy (stream_id) ON DELETE CASCADE,
  CONSTRAINT fk_retraining_trigger_rule FOREIGN KEY (rule_id) REFERENCES alert_rule (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- alert_id is unique: an alert starts at most one retraining. active_stream holds the stream id until the retraining
-- finishes and NULL after, so the unique key allows one retraining under way per stream.
CREATE TABLE IF NOT EXISTS retraining (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  stream_id BIGINT NOT NULL,
  active_stream BIGINT NULL,
  alert_id BIGINT NULL,
  trigger_text VARCHAR(512) NOT NULL,
  state VARCHAR(24) NOT NULL,
  message VARCHAR(1024) NOT NULL,
  import_options VARCHAR(4096) NOT NULL,
  import_job_id BIGINT NULL,
  imported_items BIGINT NULL,
  dataset_version_id BIGINT NULL,
  training_run_id BIGINT NULL,
  model_version_id BIGINT NULL,
  replaces_version VARCHAR(64) NULL,
  rollout_id BIGINT NULL,
  created_at DATETIME(3) NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  finished_at DATETIME(3) NULL,
  UNIQUE KEY uq_retraining_alert (alert_id),
  UNIQUE KEY uq_retraining_active_stream (active_stream),
  KEY ix_retraining_stream (stream_id, id),
  KEY ix_retraining_state (state),
  CONSTRAINT fk_retraining_stream FOREIGN KEY (stream_id) REFERENCES stream (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS retraining_step (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  retraining_id BIGINT NOT NULL,
  at DATETIME(3) NOT NULL,
  state VARCHAR(24) NOT NULL,
  message VARCHAR(1024) NOT NULL,
  KEY ix_retraining_step (retraining_id, id),
  CONSTRAINT fk_retraining_step FOREIGN KEY (retraining_id) REFERENCES retraining (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
