-- The kcis history store: one row per run, and the run's controls, results, waivers, scores and
-- bundles as rows that SQL can query (docs/history.md). The same migration creates it in SQLite
-- and PostgreSQL; the placeholders are the two types the databases spell differently.
-- Times are UTC ISO-8601 text of one width (2026-12-03T12:44:20.123Z): they sort and compare as
-- times in both databases.

CREATE TABLE kcis_run (
  id ${run_id},
  generated_at VARCHAR(24) NOT NULL,
  stored_at VARCHAR(24) NOT NULL,
  cluster VARCHAR(253),
  kubernetes_version VARCHAR(64),
  platform VARCHAR(64),
  benchmark VARCHAR(128) NOT NULL,
  benchmark_name VARCHAR(255),
  benchmark_version VARCHAR(64),
  kcis_version VARCHAR(64),
  rule_packs TEXT,
  inputs TEXT,
  worst_status VARCHAR(16) NOT NULL,
  controls INTEGER NOT NULL,
  controls_pass INTEGER NOT NULL,
  controls_fail INTEGER NOT NULL,
  controls_warn INTEGER NOT NULL,
  controls_inconclusive INTEGER NOT NULL,
  controls_manual INTEGER NOT NULL,
  controls_not_applicable INTEGER NOT NULL,
  controls_waived INTEGER NOT NULL,
  results INTEGER NOT NULL,
  score_percent DOUBLE PRECISION,
  waivers_applied INTEGER NOT NULL,
  waivers_expired INTEGER NOT NULL,
  waivers_unused INTEGER NOT NULL,
  report_json_gzip ${blob} NOT NULL
);
CREATE INDEX kcis_run_cluster_time ON kcis_run (cluster, generated_at);
CREATE INDEX kcis_run_time ON kcis_run (generated_at);

CREATE TABLE kcis_bundle (
  run_id BIGINT NOT NULL REFERENCES kcis_run (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  origin TEXT NOT NULL,
  sha256 VARCHAR(64) NOT NULL,
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE kcis_control (
  run_id BIGINT NOT NULL REFERENCES kcis_run (id) ON DELETE CASCADE,
  control_id VARCHAR(64) NOT NULL,
  title TEXT,
  section VARCHAR(64),
  status VARCHAR(16) NOT NULL,
  automated INTEGER NOT NULL,
  PRIMARY KEY (run_id, control_id)
);
CREATE INDEX kcis_control_id ON kcis_control (control_id, run_id);

CREATE TABLE kcis_result (
  run_id BIGINT NOT NULL REFERENCES kcis_run (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  control_id VARCHAR(64) NOT NULL,
  rule_id VARCHAR(128),
  target TEXT NOT NULL,
  status VARCHAR(16) NOT NULL,
  evidence_status VARCHAR(16) NOT NULL,
  message TEXT,
  expected TEXT,
  observed TEXT,
  waiver_source TEXT,
  PRIMARY KEY (run_id, seq)
);
CREATE INDEX kcis_result_rule ON kcis_result (rule_id, run_id);

CREATE TABLE kcis_waiver (
  run_id BIGINT NOT NULL REFERENCES kcis_run (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  control_id VARCHAR(64),
  rule_id VARCHAR(128),
  target TEXT NOT NULL,
  owner TEXT NOT NULL,
  reason TEXT NOT NULL,
  expires VARCHAR(10) NOT NULL,
  ticket TEXT,
  source TEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  results INTEGER NOT NULL,
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE kcis_score (
  run_id BIGINT NOT NULL REFERENCES kcis_run (id) ON DELETE CASCADE,
  scope VARCHAR(16) NOT NULL,
  scope_id VARCHAR(64) NOT NULL,
  passed INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  inconclusive INTEGER NOT NULL,
  excluded INTEGER NOT NULL,
  percent DOUBLE PRECISION,
  PRIMARY KEY (run_id, scope, scope_id)
);
