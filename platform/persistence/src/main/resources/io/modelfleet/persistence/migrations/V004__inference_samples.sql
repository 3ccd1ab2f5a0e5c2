-- Inputs edges sampled under their collection policy, with the prediction they got: the raw material of edge datasets.
-- Keyed like results, so a batch sent twice stores its samples once.
CREATE TABLE IF NOT EXISTS inference_sample (
  edge_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  time DATETIME(3) NOT NULL,
  model_version VARCHAR(64) NULL,
  label VARCHAR(256) NULL,
  score DOUBLE NULL,
  input MEDIUMTEXT NOT NULL,
  PRIMARY KEY (edge_id, seq),
  KEY ix_sample_time (time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
