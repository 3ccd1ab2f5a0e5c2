-- The edge change feed: one row whenever an edge's credential, state or desired state changes, written in the
-- transaction that changes it. Every server reads the rows it has not seen each second and drops what it cached for
-- those edges, so caches can live for minutes and a change still reaches every replica within about a second.
-- edge_id names one edge; rollout_id (with wave, or without: the whole rollout) names a rollout's edges; neither names
-- every edge (a stream's policy, the fleet's agent settings). One row per write, never a bulk INSERT ... SELECT, so
-- ids have no gaps but those of rolled-back transactions. Idempotent: a migration that died half way runs again.
CREATE TABLE IF NOT EXISTS edge_change (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  edge_id BIGINT NULL,
  rollout_id BIGINT NULL,
  wave INT NULL,
  changed_at DATETIME(3) NOT NULL,
  KEY ix_edge_change_at (changed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
