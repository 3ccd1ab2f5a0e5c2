-- Agent releases (bundle sets for the agents' Felix framework), rolled out like model versions.
CREATE TABLE IF NOT EXISTS agent_release (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  version VARCHAR(64) NOT NULL,
  sha256 CHAR(64) NOT NULL,
  size_bytes BIGINT NOT NULL,
  -- AgentBundle list as JSON
  bundles TEXT NOT NULL,
  notes VARCHAR(2048) NULL,
  created_at DATETIME(3) NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  UNIQUE KEY ux_agent_release_version (version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One edge's installation of a release; edge.desired_agent_update_id is the one its agent is told to run (NULL: the
-- set it was installed with).
CREATE TABLE IF NOT EXISTS edge_agent_update (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  edge_id BIGINT NOT NULL,
  release_id BIGINT NOT NULL,
  rollout_id BIGINT NULL,
  status VARCHAR(16) NOT NULL,
  detail VARCHAR(2048) NULL,
  created_at DATETIME(3) NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  KEY ix_agent_update_edge (edge_id, id),
  KEY ix_agent_update_rollout (rollout_id),
  CONSTRAINT fk_agent_update_edge FOREIGN KEY (edge_id) REFERENCES edge (id) ON DELETE CASCADE,
  CONSTRAINT fk_agent_update_release FOREIGN KEY (release_id) REFERENCES agent_release (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE edge ADD COLUMN IF NOT EXISTS desired_agent_update_id BIGINT NULL;

-- A rollout delivers a model version or an agent release. For agent rollouts rollout_edge.deployment_id and
-- rollback_deployment_id name edge_agent_update rows, and previous_agent_release_id what the edge ran before.
ALTER TABLE rollout MODIFY model_version_id BIGINT NULL;
ALTER TABLE rollout ADD COLUMN IF NOT EXISTS agent_release_id BIGINT NULL;
ALTER TABLE rollout ADD CONSTRAINT fk_rollout_agent_release FOREIGN KEY IF NOT EXISTS (agent_release_id) REFERENCES agent_release (id);
ALTER TABLE rollout_edge ADD COLUMN IF NOT EXISTS previous_agent_release_id BIGINT NULL;

-- Agent settings pushed with the desired state: the fleet's (target_type FLEET, target_id 0) and per edge.
CREATE TABLE IF NOT EXISTS agent_settings (
  target_type VARCHAR(8) NOT NULL,
  target_id BIGINT NOT NULL,
  heartbeat_seconds INT NULL,
  poll_seconds INT NULL,
  update_health_seconds INT NULL,
  updated_at DATETIME(3) NOT NULL,
  updated_by VARCHAR(128) NULL,
  PRIMARY KEY (target_type, target_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
