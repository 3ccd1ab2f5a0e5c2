-- Inference results rolled up per minute (the whole fleet) and per hour (each edge and the whole fleet), by model
-- version and label; edge_id 0 holds the whole fleet, so fleet-wide dashboards read a few rows per bucket. results:
-- rows; scored: rows with a score; score_sum: their sum; h00..h19: rows whose score is in [i/20, (i+1)/20) (h00 also
-- below 0, h19 also 1 and above), so the count below any threshold on that grid inside (0, 1) is exact; failures:
-- INFERENCE_FAILURE events (label ''). NULL model versions and labels are ''. Maintained from the raw rows' ids
-- (rollup_progress) by every server, one batch at a time under the progress row's lock, so each raw row is counted
-- once.
CREATE TABLE IF NOT EXISTS inference_rollup_minute (
  bucket DATETIME NOT NULL,
  edge_id BIGINT NOT NULL,
  model_version VARCHAR(64) NOT NULL,
  label VARCHAR(256) NOT NULL,
  results BIGINT NOT NULL DEFAULT 0,
  scored BIGINT NOT NULL DEFAULT 0,
  score_sum DOUBLE NOT NULL DEFAULT 0,
  h00 BIGINT NOT NULL DEFAULT 0,
  h01 BIGINT NOT NULL DEFAULT 0,
  h02 BIGINT NOT NULL DEFAULT 0,
  h03 BIGINT NOT NULL DEFAULT 0,
  h04 BIGINT NOT NULL DEFAULT 0,
  h05 BIGINT NOT NULL DEFAULT 0,
  h06 BIGINT NOT NULL DEFAULT 0,
  h07 BIGINT NOT NULL DEFAULT 0,
  h08 BIGINT NOT NULL DEFAULT 0,
  h09 BIGINT NOT NULL DEFAULT 0,
  h10 BIGINT NOT NULL DEFAULT 0,
  h11 BIGINT NOT NULL DEFAULT 0,
  h12 BIGINT NOT NULL DEFAULT 0,
  h13 BIGINT NOT NULL DEFAULT 0,
  h14 BIGINT NOT NULL DEFAULT 0,
  h15 BIGINT NOT NULL DEFAULT 0,
  h16 BIGINT NOT NULL DEFAULT 0,
  h17 BIGINT NOT NULL DEFAULT 0,
  h18 BIGINT NOT NULL DEFAULT 0,
  h19 BIGINT NOT NULL DEFAULT 0,
  failures BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (edge_id, bucket, model_version, label),
  KEY ix_inference_rollup_minute_bucket (bucket)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS inference_rollup_hour (
  bucket DATETIME NOT NULL,
  edge_id BIGINT NOT NULL,
  model_version VARCHAR(64) NOT NULL,
  label VARCHAR(256) NOT NULL,
  results BIGINT NOT NULL DEFAULT 0,
  scored BIGINT NOT NULL DEFAULT 0,
  score_sum DOUBLE NOT NULL DEFAULT 0,
  h00 BIGINT NOT NULL DEFAULT 0,
  h01 BIGINT NOT NULL DEFAULT 0,
  h02 BIGINT NOT NULL DEFAULT 0,
  h03 BIGINT NOT NULL DEFAULT 0,
  h04 BIGINT NOT NULL DEFAULT 0,
  h05 BIGINT NOT NULL DEFAULT 0,
  h06 BIGINT NOT NULL DEFAULT 0,
  h07 BIGINT NOT NULL DEFAULT 0,
  h08 BIGINT NOT NULL DEFAULT 0,
  h09 BIGINT NOT NULL DEFAULT 0,
  h10 BIGINT NOT NULL DEFAULT 0,
  h11 BIGINT NOT NULL DEFAULT 0,
  h12 BIGINT NOT NULL DEFAULT 0,
  h13 BIGINT NOT NULL DEFAULT 0,
  h14 BIGINT NOT NULL DEFAULT 0,
  h15 BIGINT NOT NULL DEFAULT 0,
  h16 BIGINT NOT NULL DEFAULT 0,
  h17 BIGINT NOT NULL DEFAULT 0,
  h18 BIGINT NOT NULL DEFAULT 0,
  h19 BIGINT NOT NULL DEFAULT 0,
  failures BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (edge_id, bucket, model_version, label),
  KEY ix_inference_rollup_hour_bucket (bucket)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- How far each raw table is rolled up: rows with id <= last_id are counted. candidate_id is the largest id seen at
-- candidate_at; it is rolled up once it is settle seconds old, so a transaction that took a smaller id and commits
-- late is not skipped.
CREATE TABLE IF NOT EXISTS rollup_progress (
  source VARCHAR(32) NOT NULL PRIMARY KEY,
  last_id BIGINT NOT NULL,
  candidate_id BIGINT NOT NULL,
  candidate_at DATETIME(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT IGNORE INTO rollup_progress (source, last_id, candidate_id, candidate_at)
  VALUES ('inference_result', 0, 0, '1970-01-01 00:00:00'), ('edge_event', 0, 0, '1970-01-01 00:00:00');
