-- Alerting: rules evaluated by one server at a time (job_lease 'alert-evaluator'), the alerts they raise, the events
-- of each alert (fired, reminded, resolved, acknowledged, silenced: the in-app notification center), and what each
-- event is to be sent to (notification_delivery, an outbox any server works off with a lease per row).
-- Idempotent: a migration that died half way runs again.

-- A named job that one server runs at a time: whoever holds an unexpired lease.
CREATE TABLE IF NOT EXISTS job_lease (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  owner VARCHAR(128) NOT NULL,
  lease_until DATETIME(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS notification_channel (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  type VARCHAR(16) NOT NULL,
  url VARCHAR(2048) NULL,
  -- the webhook's HMAC key: written, never returned by the API
  secret VARCHAR(256) NULL,
  recipients VARCHAR(2048) NULL,
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME(3) NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  UNIQUE KEY uq_notification_channel_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS alert_rule (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  kind VARCHAR(32) NOT NULL,
  edge_id BIGINT NULL,
  tag_key VARCHAR(64) NULL,
  tag_value VARCHAR(256) NULL,
  model_version VARCHAR(64) NULL,
  threshold DOUBLE NOT NULL,
  score_below DOUBLE NOT NULL,
  window_minutes INT NOT NULL,
  min_results BIGINT NOT NULL,
  renotify_minutes INT NOT NULL,
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  channel_ids VARCHAR(1024) NOT NULL DEFAULT '',
  created_at DATETIME(3) NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  updated_by VARCHAR(128) NOT NULL,
  UNIQUE KEY uq_alert_rule_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per time a rule's condition held for a subject ('fleet', 'edge:<id>', 'model:<version>'). open_subject is
-- the subject while the alert is not RESOLVED and NULL after, so the unique key allows one open alert per rule and
-- subject (deduplication) and any number of resolved ones.
CREATE TABLE IF NOT EXISTS alert (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  rule_id BIGINT NOT NULL,
  subject VARCHAR(128) NOT NULL,
  open_subject VARCHAR(128) NULL,
  subject_label VARCHAR(256) NOT NULL,
  state VARCHAR(16) NOT NULL,
  value DOUBLE NOT NULL,
  message VARCHAR(1024) NOT NULL,
  fired_at DATETIME(3) NOT NULL,
  resolved_at DATETIME(3) NULL,
  last_notified_at DATETIME(3) NOT NULL,
  silenced_until DATETIME(3) NULL,
  acknowledged_by VARCHAR(128) NULL,
  acknowledged_at DATETIME(3) NULL,
  UNIQUE KEY uq_alert_open (rule_id, open_subject),
  KEY ix_alert_state (state, id),
  CONSTRAINT fk_alert_rule FOREIGN KEY (rule_id) REFERENCES alert_rule (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What happened to an alert, newest last: the in-app notification center lists these.
CREATE TABLE IF NOT EXISTS alert_event (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  alert_id BIGINT NOT NULL,
  type VARCHAR(16) NOT NULL,
  message VARCHAR(1024) NOT NULL,
  actor VARCHAR(128) NULL,
  at DATETIME(3) NOT NULL,
  KEY ix_alert_event_alert (alert_id, id),
  CONSTRAINT fk_alert_event_alert FOREIGN KEY (alert_id) REFERENCES alert (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The last alert event each user has seen in the notification center (the badge counts the ones after it).
CREATE TABLE IF NOT EXISTS notification_read (
  username VARCHAR(128) NOT NULL PRIMARY KEY,
  last_event_id BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One alert event to one channel. PENDING until sent (DELIVERED) or out of attempts (FAILED); a server takes a row
-- with a short lease (owner, lease_until) so two servers never send it at once.
CREATE TABLE IF NOT EXISTS notification_delivery (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id BIGINT NOT NULL,
  channel_id BIGINT NOT NULL,
  status VARCHAR(16) NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(3) NOT NULL,
  owner VARCHAR(128) NULL,
  lease_until DATETIME(3) NULL,
  last_status_code INT NULL,
  last_error VARCHAR(1024) NULL,
  created_at DATETIME(3) NOT NULL,
  delivered_at DATETIME(3) NULL,
  KEY ix_notification_delivery_due (status, next_attempt_at),
  KEY ix_notification_delivery_channel (channel_id, id),
  CONSTRAINT fk_delivery_event FOREIGN KEY (event_id) REFERENCES alert_event (id) ON DELETE CASCADE,
  CONSTRAINT fk_delivery_channel FOREIGN KEY (channel_id) REFERENCES notification_channel (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
