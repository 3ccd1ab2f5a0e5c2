-- Datasets, their items with label history, import jobs and immutable published versions.
CREATE TABLE IF NOT EXISTS dataset (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  description VARCHAR(1024) NULL,
  kind VARCHAR(16) NOT NULL,
  columns MEDIUMTEXT NULL,
  labels MEDIUMTEXT NULL,
  state VARCHAR(16) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  UNIQUE KEY uq_dataset_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Items arrive STAGED by their import job and become ACTIVE together when it succeeds (one UPDATE), so a failed
-- import never leaves half its items behind. source_key makes re-imports idempotent.
CREATE TABLE IF NOT EXISTS dataset_item (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  dataset_id BIGINT NOT NULL,
  import_job_id BIGINT NULL,
  staged BOOLEAN NOT NULL,
  source_key VARCHAR(512) NOT NULL,
  fields MEDIUMTEXT NULL,
  content_ref VARCHAR(1024) NULL,
  original_label VARCHAR(256) NULL,
  label VARCHAR(256) NULL,
  score DOUBLE NULL,
  edge_id BIGINT NULL,
  model_version VARCHAR(64) NULL,
  observed_at DATETIME(3) NULL,
  UNIQUE KEY uq_item_key (dataset_id, source_key),
  KEY ix_item_score (dataset_id, staged, score),
  KEY ix_item_job (import_job_id),
  CONSTRAINT fk_item_dataset FOREIGN KEY (dataset_id) REFERENCES dataset (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dataset_label_change (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  item_id BIGINT NOT NULL,
  old_label VARCHAR(256) NULL,
  new_label VARCHAR(256) NULL,
  changed_by VARCHAR(128) NOT NULL,
  changed_at DATETIME(3) NOT NULL,
  KEY ix_change_item (item_id, id),
  CONSTRAINT fk_change_item FOREIGN KEY (item_id) REFERENCES dataset_item (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dataset_version (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  dataset_id BIGINT NOT NULL,
  number INT NOT NULL,
  items BIGINT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  UNIQUE KEY uq_version_number (dataset_id, number),
  CONSTRAINT fk_version_dataset FOREIGN KEY (dataset_id) REFERENCES dataset (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The label each item had when the version was published: later relabeling cannot change a version.
CREATE TABLE IF NOT EXISTS dataset_version_item (
  version_id BIGINT NOT NULL,
  item_id BIGINT NOT NULL,
  label VARCHAR(256) NULL,
  PRIMARY KEY (version_id, item_id),
  CONSTRAINT fk_vitem_version FOREIGN KEY (version_id) REFERENCES dataset_version (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS import_job (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  dataset_id BIGINT NOT NULL,
  source VARCHAR(128) NOT NULL,
  state VARCHAR(16) NOT NULL,
  done BIGINT NOT NULL,
  total BIGINT NOT NULL,
  imported BIGINT NOT NULL,
  skipped BIGINT NOT NULL,
  error TEXT NULL,
  created_at DATETIME(3) NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  finished_at DATETIME(3) NULL,
  KEY ix_job_dataset (dataset_id, id),
  CONSTRAINT fk_job_dataset FOREIGN KEY (dataset_id) REFERENCES dataset (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
