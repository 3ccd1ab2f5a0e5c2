-- Deletion of edges, datasets and model versions, and the collection of artifact-store blobs nobody references any
-- more. Idempotent (IF NOT EXISTS / IF EXISTS): a migration that died half way simply runs again.

-- Edges deleted with their data: the rows still to remove (results, samples, events), in bounded batches by any
-- server. The edge row itself is gone already, so its credential stops working and its name is free.
CREATE TABLE IF NOT EXISTS edge_purge (
  edge_id BIGINT NOT NULL PRIMARY KEY,
  edge_name VARCHAR(128) NOT NULL,
  requested_at DATETIME(3) NOT NULL,
  requested_by VARCHAR(128) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A DELETED dataset keeps its row (versions that training runs and model lineage name stay readable), but its name is
-- free again: only datasets that are not deleted need unique names (NULLs never collide in a unique index).
ALTER TABLE dataset ADD COLUMN IF NOT EXISTS live_name VARCHAR(128) AS (IF(state = 'DELETED', NULL, name)) PERSISTENT;
CREATE UNIQUE INDEX IF NOT EXISTS uq_dataset_live_name ON dataset (live_name);
ALTER TABLE dataset DROP INDEX IF EXISTS uq_dataset_name;

-- Lookups the deletion and collection make: which versions still hold an item, which rows name a blob or a version.
CREATE INDEX IF NOT EXISTS ix_vitem_item ON dataset_version_item (item_id);
CREATE INDEX IF NOT EXISTS ix_item_content ON dataset_item (content_ref(255));
CREATE INDEX IF NOT EXISTS ix_model_artifact ON model_version (artifact_key);
CREATE INDEX IF NOT EXISTS ix_model_parent ON model_version (parent_version_id);
CREATE INDEX IF NOT EXISTS ix_model_dataset_version ON model_version (dataset_version_id);
CREATE INDEX IF NOT EXISTS ix_run_dataset_version ON training_run (dataset_version_id);

-- Blobs that may have lost their last reference (items of deleted datasets, exports of removed versions, artifacts of
-- deleted model versions). The collector deletes one only when queued_at is older than its grace period and no row
-- references the key when it looks; claimed_by/claimed_at mark the one server deleting it (a claim older than ten
-- minutes is taken over). Storing a blob under a queued key takes the key off the queue first.
CREATE TABLE IF NOT EXISTS blob_gc_candidate (
  blob_key VARCHAR(1024) NOT NULL PRIMARY KEY,
  queued_at DATETIME(3) NOT NULL,
  claimed_by VARCHAR(128) NULL,
  claimed_at DATETIME(3) NULL,
  KEY ix_gc_queued (queued_at)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
