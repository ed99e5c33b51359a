// The dev store's tables. Spans keep their wire JSON (`raw`) beside the columns the viewer filters,
// sorts and aggregates on. Times: span `start_ns`/`duration` are the sender's (REAL: they exceed 2^53
// and node:sqlite refuses to read such INTEGERs back); `received_at` is this server's clock in epoch ms
// and drives retention.
import type { SqlDatabase } from './sqlite.js';

export const SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS requests (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  received_at REAL    NOT NULL,
  method      TEXT    NOT NULL,
  path        TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  status      INTEGER NOT NULL,
  bytes       INTEGER NOT NULL,
  accepted    INTEGER NOT NULL,
  rejected    INTEGER NOT NULL,
  errors      INTEGER NOT NULL,
  warnings    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_received ON requests (received_at);

CREATE TABLE IF NOT EXISTS spans (
  trace_id       TEXT NOT NULL,
  span_id        TEXT NOT NULL,
  parent_id      TEXT NOT NULL,
  name           TEXT NOT NULL,
  kind           TEXT NOT NULL,
  ml_app         TEXT,
  session_id     TEXT,
  model_name     TEXT,
  model_provider TEXT,
  status         TEXT NOT NULL,
  start_ns       REAL NOT NULL,
  duration       REAL NOT NULL,
  input_tokens   REAL,
  output_tokens  REAL,
  total_tokens   REAL,
  warnings       INTEGER NOT NULL DEFAULT 0,
  request_id     INTEGER,
  received_at    REAL NOT NULL,
  raw            TEXT NOT NULL,
  PRIMARY KEY (trace_id, span_id)
);
CREATE INDEX IF NOT EXISTS spans_ml_app   ON spans (ml_app, trace_id);
CREATE INDEX IF NOT EXISTS spans_session  ON spans (session_id, trace_id);
CREATE INDEX IF NOT EXISTS spans_kind     ON spans (kind, trace_id);
CREATE INDEX IF NOT EXISTS spans_model    ON spans (model_name, trace_id);
CREATE INDEX IF NOT EXISTS spans_span_id  ON spans (span_id);
-- Spans carrying the sensitive-data scanner's report tag, for the viewer's sensitive-data filter and
-- facet (a partial index: only those spans, found without reading every span's JSON).
CREATE INDEX IF NOT EXISTS spans_sensitive ON spans (trace_id) WHERE instr(raw, '"sensitive_data:') > 0;

CREATE TABLE IF NOT EXISTS traces (
  trace_id       TEXT PRIMARY KEY,
  root_span_id   TEXT,
  name           TEXT NOT NULL,
  kind           TEXT NOT NULL,
  ml_app         TEXT,
  session_id     TEXT,
  status         TEXT NOT NULL,
  start_ns       REAL NOT NULL,
  duration       REAL NOT NULL,
  span_count     INTEGER NOT NULL,
  error_count    INTEGER NOT NULL,
  input_tokens   REAL NOT NULL,
  output_tokens  REAL NOT NULL,
  total_tokens   REAL NOT NULL,
  warnings       INTEGER NOT NULL,
  first_received REAL NOT NULL,
  last_received  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS traces_start    ON traces (start_ns);
CREATE INDEX IF NOT EXISTS traces_ml_app   ON traces (ml_app, start_ns);
CREATE INDEX IF NOT EXISTS traces_session  ON traces (session_id, start_ns);
CREATE INDEX IF NOT EXISTS traces_status   ON traces (status, start_ns);
CREATE INDEX IF NOT EXISTS traces_received ON traces (last_received);

CREATE TABLE IF NOT EXISTS evaluations (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id     INTEGER,
  received_at    REAL NOT NULL,
  event_kind     TEXT NOT NULL,
  label          TEXT NOT NULL,
  metric_type    TEXT NOT NULL,
  value          TEXT,
  ml_app         TEXT NOT NULL,
  timestamp_ms   REAL NOT NULL,
  join_span_id   TEXT,
  join_trace_id  TEXT,
  join_tag_key   TEXT,
  join_tag_value TEXT,
  session_id     TEXT,
  assessment     TEXT,
  raw            TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS evaluations_span     ON evaluations (join_span_id);
CREATE INDEX IF NOT EXISTS evaluations_trace    ON evaluations (join_trace_id);
CREATE INDEX IF NOT EXISTS evaluations_session  ON evaluations (session_id);
CREATE INDEX IF NOT EXISTS evaluations_received ON evaluations (received_at);

CREATE TABLE IF NOT EXISTS problems (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id  INTEGER NOT NULL,
  received_at REAL    NOT NULL,
  severity    TEXT    NOT NULL,
  code        TEXT    NOT NULL,
  json_path   TEXT    NOT NULL,
  message     TEXT    NOT NULL,
  item_index  INTEGER,
  item_name   TEXT,
  trace_id    TEXT,
  span_id     TEXT,
  stored      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS problems_request ON problems (request_id);
CREATE INDEX IF NOT EXISTS problems_span    ON problems (trace_id, span_id);
`;

export function migrate(db: SqlDatabase): void {
  const row = db.prepare('PRAGMA user_version').get();
  const version = Number(row?.user_version ?? 0);
  if (version > SCHEMA_VERSION) {
    throw new Error(`This dev database has schema version ${version}, newer than this otel-llmobs (${SCHEMA_VERSION}). Use a newer CLI or another --db.`);
  }
  db.transaction(() => {
    db.exec(DDL);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  });
}
