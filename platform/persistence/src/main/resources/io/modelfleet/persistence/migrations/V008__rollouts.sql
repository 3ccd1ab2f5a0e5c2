-- Deployment targets and staged rollouts.
-- Which deployment target (a configured target plugin's id) reaches an edge; enrolled agents: edge-agent.
ALTER TABLE edge ADD COLUMN IF NOT EXISTS target_id VARCHAR(64) NOT NULL DEFAULT 'edge-agent';

-- A model version on its way to edges in waves. plan is RolloutPlan as JSON. owner/lease_until: the server replica
-- whose engine drives it (leased like training runs). current_wave 0: not started.
CREATE TABLE IF NOT EXISTS rollout (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  model_version_id BIGINT NOT NULL,
  selection VARCHAR(1024) NOT NULL,
  plan TEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  current_wave INT NOT NULL DEFAULT 0,
  wave_count INT NOT NULL,
  edge_count INT NOT NULL,
  message VARCHAR(2048) NULL,
  stream_id BIGINT NULL,
  rollback_requested BOOLEAN NOT NULL DEFAULT FALSE,
  owner VARCHAR(128) NULL,
  lease_until DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  finished_at DATETIME(3) NULL,
  KEY ix_rollout_state (state, id),
  CONSTRAINT fk_rollout_model FOREIGN KEY (model_version_id) REFERENCES model_version (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per edge and rollout. wave 0: skipped as incompatible (skipped_reason). The previous columns hold what
-- the edge ran when its wave started, so a rollback can put it back.
CREATE TABLE IF NOT EXISTS rollout_edge (
  rollout_id BIGINT NOT NULL,
  edge_id BIGINT NOT NULL,
  wave INT NOT NULL,
  skipped_reason VARCHAR(512) NULL,
  previous_deployment_id BIGINT NULL,
  previous_model_version_id BIGINT NULL,
  deployment_id BIGINT NULL,
  applied BOOLEAN NOT NULL DEFAULT FALSE,
  rollback_deployment_id BIGINT NULL,
  PRIMARY KEY (rollout_id, edge_id),
  KEY ix_rollout_edge_wave (rollout_id, wave, edge_id),
  CONSTRAINT fk_rollout_edge_rollout FOREIGN KEY (rollout_id) REFERENCES rollout (id) ON DELETE CASCADE,
  CONSTRAINT fk_rollout_edge_edge FOREIGN KEY (edge_id) REFERENCES edge (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS rollout_wave (
  rollout_id BIGINT NOT NULL,
  number INT NOT NULL,
  started_at DATETIME(3) NULL,
  settled_at DATETIME(3) NULL,
  finished_at DATETIME(3) NULL,
  PRIMARY KEY (rollout_id, number),
  CONSTRAINT fk_rollout_wave_rollout FOREIGN KEY (rollout_id) REFERENCES rollout (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Gate measurements over time (charted) and the decisive one per wave.
CREATE TABLE IF NOT EXISTS rollout_gate (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  rollout_id BIGINT NOT NULL,
  wave INT NOT NULL,
  at DATETIME(3) NOT NULL,
  gate VARCHAR(16) NOT NULL,
  metric VARCHAR(64) NOT NULL,
  value DOUBLE NULL,
  threshold DOUBLE NOT NULL,
  passed BOOLEAN NOT NULL,
  decisive BOOLEAN NOT NULL,
  detail VARCHAR(1024) NULL,
  KEY ix_rollout_gate (rollout_id, id),
  CONSTRAINT fk_rollout_gate_rollout FOREIGN KEY (rollout_id) REFERENCES rollout (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE INDEX IF NOT EXISTS ix_deployment_rollout ON edge_deployment (rollout_id);

-- The plan POST /streams/{id}/deploy rolls the stream's versions out with (RolloutPlan as JSON).
CREATE TABLE IF NOT EXISTS stream_rollout_plan (
  stream_id BIGINT NOT NULL PRIMARY KEY,
  plan TEXT NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  updated_by VARCHAR(128) NOT NULL,
  CONSTRAINT fk_stream_plan_stream FOREIGN KEY (stream_id) REFERENCES stream (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
