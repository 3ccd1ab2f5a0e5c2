-- Which inputs edges send back with their results: per stream (edges running its models) or per edge (which wins).
-- policy holds CollectionPolicy's short form (off, all, low-confidence[:t], rate:r).
CREATE TABLE IF NOT EXISTS collection_policy (
  target_type VARCHAR(8) NOT NULL,
  target_id BIGINT NOT NULL,
  policy VARCHAR(64) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  updated_by VARCHAR(128) NULL,
  PRIMARY KEY (target_type, target_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
