-- Model registry and direct assignment of model versions to edges.

-- Binary collation: model names and versions are case-sensitive identifiers, as in the API.
CREATE TABLE IF NOT EXISTS model_version (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  version VARCHAR(64) NOT NULL,
  ordinal INT NOT NULL,
  format VARCHAR(32) NOT NULL,
  sha256 CHAR(64) NOT NULL,
  size_bytes BIGINT NOT NULL,
  artifact_key VARCHAR(512) NOT NULL,
  signature MEDIUMTEXT NOT NULL,
  metadata MEDIUMTEXT NULL,
  metrics MEDIUMTEXT NULL,
  stage VARCHAR(16) NOT NULL,
  stream_id BIGINT NULL,
  training_run_id BIGINT NULL,
  dataset_version_id BIGINT NULL,
  parent_version_id BIGINT NULL,
  created_at DATETIME(3) NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  updated_by VARCHAR(128) NOT NULL,
  UNIQUE KEY uq_model_version (name, version),
  UNIQUE KEY uq_model_ordinal (name, ordinal),
  KEY ix_model_stream (stream_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per (edge, assignment); the edge's current one is edge.desired_deployment_id. rollout_id is for staged
-- rollouts, which group these rows.
CREATE TABLE IF NOT EXISTS edge_deployment (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  edge_id BIGINT NOT NULL,
  model_version_id BIGINT NOT NULL,
  rollout_id BIGINT NULL,
  status VARCHAR(16) NOT NULL,
  detail VARCHAR(2048) NULL,
  created_at DATETIME(3) NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  KEY ix_deployment_edge (edge_id, id),
  KEY ix_deployment_model (model_version_id),
  CONSTRAINT fk_deployment_edge FOREIGN KEY (edge_id) REFERENCES edge (id) ON DELETE CASCADE,
  CONSTRAINT fk_deployment_model FOREIGN KEY (model_version_id) REFERENCES model_version (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE edge ADD COLUMN IF NOT EXISTS desired_deployment_id BIGINT NULL;
