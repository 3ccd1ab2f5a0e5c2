-- Daily summaries: the settings (one row, shared by every replica), each summary made and kept (its body as JSON, one
-- per day and zone), and their deliveries, which go through the notification outbox beside alert events.
-- Idempotent: a migration that died half way runs again.

CREATE TABLE IF NOT EXISTS summary_settings (
  id TINYINT NOT NULL PRIMARY KEY,
  enabled TINYINT(1) NOT NULL,
  time_of_day CHAR(5) NOT NULL,
  time_zone VARCHAR(64) NOT NULL,
  channel_ids VARCHAR(1024) NOT NULL DEFAULT '',
  low_confidence_below DOUBLE NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  updated_by VARCHAR(128) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS daily_summary (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  day DATE NOT NULL,
  time_zone VARCHAR(64) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  generated_at DATETIME(3) NOT NULL,
  generated_by VARCHAR(128) NOT NULL,
  UNIQUE KEY uq_daily_summary_day (day, time_zone)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A delivery is of an alert event or of a summary.
ALTER TABLE notification_delivery MODIFY event_id BIGINT NULL;
ALTER TABLE notification_delivery ADD COLUMN IF NOT EXISTS summary_id BIGINT NULL;
ALTER TABLE notification_delivery ADD CONSTRAINT fk_delivery_summary FOREIGN KEY IF NOT EXISTS (summary_id)
  REFERENCES daily_summary (id) ON DELETE CASCADE;

-- The event alert kinds read rollouts and runs by when they ended.
CREATE INDEX IF NOT EXISTS ix_rollout_finished ON rollout (finished_at);
CREATE INDEX IF NOT EXISTS ix_run_finished ON training_run (finished_at);
