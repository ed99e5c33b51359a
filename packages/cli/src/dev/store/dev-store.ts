// The dev intake's storage: spans (as wire span events), evaluations, and the requests and problems the
// validator reported, in SQLite, bounded by a retention policy enforced on every write.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  EvaluationRecord,
  Facets,
  FacetValue,
  ProblemGroup,
  ProblemRecord,
  RequestRecord,
  SessionDetail,
  SessionSummary,
  SessionTrace,
  SpanRecord,
  Stats,
  Summary,
  TraceDetail,
  TraceFilter,
  TraceSummary,
} from '../../shared/api.js';
import type { WireEvaluationMetric, WireSpanEvent } from '../../shared/wire.js';
import type { Violation } from '../validate/violations.js';
import { migrate } from './schema.js';
import { spanColumns } from './span-columns.js';
import { openSqlite, type SqlDatabase, type SqliteDriverChoice, type SqlParam, type SqlRow } from './sqlite.js';
import { computeStats } from './stats.js';
import type { CallCost } from './stats.js';
import type { ModelPrice } from 'otel-llmobs';
import { DEFAULT_MODEL_PRICES, estimateCost, PriceTable } from 'otel-llmobs';

export interface Retention {
  /** Keep at most this many spans; the least recently received traces go first, whole. */
  maxSpans?: number;
  /** Drop traces, evaluations and problems received longer ago than this. */
  maxAgeMs?: number;
}

export const DEFAULT_RETENTION: Required<Retention> = { maxSpans: 50_000, maxAgeMs: 7 * 24 * 3600_000 };

/** How many intake requests (and their problems) the Problems view keeps, whatever the retention. */
const MAX_REQUESTS = 2_000;

export interface DevStoreOptions {
  /** A file path, or `:memory:`. */
  path: string;
  retention?: Retention;
  driver?: SqliteDriverChoice;
  /** Clock for `received_at` and age-based retention (tests). */
  now?: () => number;
  /** Price rows added to the built-in table, for the charts' estimated cost (`--prices`). */
  prices?: readonly ModelPrice[];
}

export interface NewRequest {
  method: string;
  path: string;
  kind: 'spans' | 'evaluations';
  status: number;
  bytes: number;
}

/** One validated event to store, with the warnings the validator left on it. */
export interface SpanToStore {
  event: WireSpanEvent;
  warnings?: number;
}

export interface NewProblem extends Violation {
  itemIndex?: number;
  itemName?: string;
  traceId?: string;
  spanId?: string;
  stored: boolean;
}

export interface RequestWrite {
  request: NewRequest;
  spans?: readonly SpanToStore[];
  evaluations?: readonly WireEvaluationMetric[];
  /** Items the validator rejected (not stored); only counted. */
  rejected?: number;
  problems?: readonly NewProblem[];
}

export interface WriteResult {
  requestId: number;
  /** Traces that got new spans. */
  traceIds: string[];
  evicted: { traces: number; spans: number };
}

export class DevStore {
  readonly path: string;
  readonly driver: string;
  private readonly db: SqlDatabase;
  private readonly retention: Retention;
  private readonly now: () => number;
  private readonly prices: PriceTable;
  private revisionCounter = 0;
  private closed = false;

  constructor(options: DevStoreOptions) {
    this.path = options.path;
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = openSqlite(options.path, options.driver);
    this.driver = this.db.driver;
    this.retention = options.retention ?? DEFAULT_RETENTION;
    this.now = options.now ?? Date.now;
    this.prices = new PriceTable([...DEFAULT_MODEL_PRICES, ...(options.prices ?? [])]);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
    migrate(this.db);
    this.db.transaction(() => this.enforceRetention());
  }

  get revision(): number {
    return this.revisionCounter;
  }

  /**
   * Store one intake request and what it carried, atomically: the request row, its valid events, its
   * problems, and the retention that follows, land together or not at all.
   */
  writeRequest(write: RequestWrite): WriteResult {
    const receivedAt = this.now();
    const result = this.db.transaction((): WriteResult => {
      const problems = write.problems ?? [];
      const spans = write.spans ?? [];
      const evaluations = write.evaluations ?? [];
      const r = write.request;
      this.db
        .prepare(
          `INSERT INTO requests (received_at, method, path, kind, status, bytes, accepted, rejected, errors, warnings)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          receivedAt,
          r.method,
          r.path,
          r.kind,
          r.status,
          r.bytes,
          spans.length + evaluations.length,
          write.rejected ?? 0,
          problems.filter((p) => p.severity === 'error').length,
          problems.filter((p) => p.severity === 'warning').length,
        );
      const requestId = Number(this.db.prepare('SELECT last_insert_rowid() AS id').get()?.id);
      const traceIds = this.insertSpans(spans, requestId, receivedAt);
      for (const metric of evaluations) this.insertEvaluation(metric, requestId, receivedAt);
      const insertProblem = this.db.prepare(
        `INSERT INTO problems (request_id, received_at, severity, code, json_path, message, item_index, item_name, trace_id, span_id, stored)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const p of problems) {
        insertProblem.run(requestId, receivedAt, p.severity, p.code, p.path, p.message, p.itemIndex, p.itemName, p.traceId, p.spanId, p.stored);
      }
      const evicted = this.enforceRetention(traceIds);
      return { requestId, traceIds, evicted };
    });
    this.revisionCounter++;
    return result;
  }

  /**
   * Insert (or replace, same trace_id + span_id) already validated span events, then apply retention,
   * in one transaction. The seam for other producers of span events: the OTLP receiver maps spans to
   * events and stores them here. Returns the traces written.
   */
  insertSpanEvents(spans: readonly SpanToStore[]): string[] {
    const traceIds = this.db.transaction(() => {
      const written = this.insertSpans(spans, undefined, this.now());
      this.enforceRetention(written);
      return written;
    });
    this.revisionCounter++;
    return traceIds;
  }

  /** Insert span rows and refresh their traces' summaries (inside the caller's transaction). */
  private insertSpans(spans: readonly SpanToStore[], requestId: number | undefined, receivedAt: number): string[] {
    const insert = this.db.prepare(
      `INSERT OR REPLACE INTO spans (trace_id, span_id, parent_id, name, kind, ml_app, session_id, model_name, model_provider,
         status, start_ns, duration, input_tokens, output_tokens, total_tokens, warnings, request_id, received_at, raw)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const traceIds = new Set<string>();
    for (const { event, warnings } of spans) {
      const c = spanColumns(event);
      insert.run(
        event.trace_id,
        event.span_id,
        event.parent_id,
        event.name,
        event.meta['span.kind'],
        c.ml_app,
        c.session_id,
        c.model_name,
        c.model_provider,
        event.status,
        event.start_ns,
        event.duration,
        c.input_tokens,
        c.output_tokens,
        c.total_tokens,
        warnings ?? 0,
        requestId,
        receivedAt,
        JSON.stringify(event),
      );
      traceIds.add(event.trace_id);
    }
    for (const traceId of traceIds) this.refreshTrace(traceId);
    return [...traceIds];
  }

  private insertEvaluation(metric: WireEvaluationMetric, requestId: number, receivedAt: number): void {
    const field = `${metric.metric_type}_value` as keyof WireEvaluationMetric;
    const feedback = metric.event_kind === 'feedback';
    this.db
      .prepare(
        `INSERT INTO evaluations (request_id, received_at, event_kind, label, metric_type, value, ml_app, timestamp_ms,
           join_span_id, join_trace_id, join_tag_key, join_tag_value, session_id, assessment, raw)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        requestId,
        receivedAt,
        metric.event_kind ?? 'evaluation',
        metric.label,
        metric.metric_type,
        JSON.stringify(metric[field] ?? null),
        metric.ml_app,
        metric.timestamp_ms,
        feedback ? metric.span_id : metric.join_on?.span?.span_id,
        feedback ? metric.trace_id : metric.join_on?.span?.trace_id,
        metric.join_on?.tag?.key,
        metric.join_on?.tag?.value,
        feedback ? metric.session_id : undefined,
        metric.assessment,
        JSON.stringify(metric),
      );
  }

  /** Recompute one trace's summary row from its spans. */
  private refreshTrace(traceId: string): void {
    const rows = this.db
      .prepare(
        `SELECT span_id, parent_id, name, kind, ml_app, session_id, status, start_ns, duration, input_tokens, output_tokens,
                total_tokens, warnings, received_at
         FROM spans WHERE trace_id = ? ORDER BY start_ns`,
      )
      .all(traceId);
    if (rows.length === 0) {
      this.db.prepare('DELETE FROM traces WHERE trace_id = ?').run(traceId);
      return;
    }
    const ids = new Set(rows.map((r) => String(r.span_id)));
    // The root: parent "undefined"; else (root not received yet, or a propagated parent) the earliest
    // span whose parent is not in this trace.
    const root = rows.find((r) => r.parent_id === 'undefined') ?? rows.find((r) => !ids.has(String(r.parent_id))) ?? rows[0]!;
    let start = Infinity;
    let errors = 0;
    let warnings = 0;
    let input = 0;
    let output = 0;
    let total = 0;
    let first = Infinity;
    let last = -Infinity;
    let session: string | null = null;
    for (const r of rows) {
      start = Math.min(start, Number(r.start_ns));
      if (r.status === 'error') errors++;
      warnings += Number(r.warnings);
      // Tokens of model calls only: a workflow annotated with its children's total would count twice.
      if (r.kind === 'llm' || r.kind === 'embedding') {
        input += Number(r.input_tokens ?? 0);
        output += Number(r.output_tokens ?? 0);
        total += Number(r.total_tokens ?? 0);
      }
      first = Math.min(first, Number(r.received_at));
      last = Math.max(last, Number(r.received_at));
      session ??= (r.session_id as string | null) ?? null;
    }
    // Offsets from the first start, not absolute ends: start_ns is ~1.8e18, where doubles are 256 ns
    // apart, but the difference of two nearby doubles is exact, so a root's duration stays its own.
    let duration = 0;
    for (const r of rows) duration = Math.max(duration, Number(r.start_ns) - start + Number(r.duration));
    this.db
      .prepare(
        `INSERT OR REPLACE INTO traces (trace_id, root_span_id, name, kind, ml_app, session_id, status, start_ns, duration, span_count,
           error_count, input_tokens, output_tokens, total_tokens, warnings, first_received, last_received)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        traceId,
        root.parent_id === 'undefined' ? root.span_id : null,
        root.name,
        root.kind,
        root.ml_app ?? rows.find((r) => r.ml_app !== null)?.ml_app ?? null,
        root.session_id ?? session,
        errors > 0 ? 'error' : 'ok',
        start,
        duration,
        rows.length,
        errors,
        input,
        output,
        total,
        warnings,
        first,
        last,
      );
  }

  /**
   * Retention: drop what is older than `maxAgeMs`, then whole traces, least recently received first,
   * until at most `maxSpans` spans remain. Traces just written are evicted last, and a single trace is
   * never split.
   */
  private enforceRetention(justWritten: readonly string[] = []): { traces: number; spans: number } {
    const evicted = { traces: 0, spans: 0 };
    const { maxAgeMs, maxSpans } = this.retention;
    const drop = (traceIds: readonly string[]): void => {
      for (const id of traceIds) {
        evicted.spans += this.db.prepare('DELETE FROM spans WHERE trace_id = ?').run(id).changes;
        evicted.traces += this.db.prepare('DELETE FROM traces WHERE trace_id = ?').run(id).changes;
        this.db.prepare('DELETE FROM evaluations WHERE join_trace_id = ?').run(id);
      }
    };
    if (maxAgeMs !== undefined && Number.isFinite(maxAgeMs)) {
      const cutoff = this.now() - maxAgeMs;
      const old = this.db.prepare('SELECT trace_id FROM traces WHERE last_received < ?').all(cutoff);
      drop(old.map((r) => String(r.trace_id)));
      // Orphans: spans whose trace row is gone cannot exist (same transaction), but evaluations and
      // problems age on their own.
      this.db.prepare('DELETE FROM evaluations WHERE received_at < ?').run(cutoff);
      this.db.prepare('DELETE FROM problems WHERE received_at < ?').run(cutoff);
      this.db.prepare('DELETE FROM requests WHERE received_at < ?').run(cutoff);
    }
    if (maxSpans !== undefined && Number.isFinite(maxSpans)) {
      let count = Number(this.db.prepare('SELECT COUNT(*) AS n FROM spans').get()?.n ?? 0);
      if (count > maxSpans) {
        const recent = new Set(justWritten);
        const candidates = this.db.prepare('SELECT trace_id, span_count FROM traces ORDER BY last_received, trace_id').all();
        const ordered = [
          ...candidates.filter((r) => !recent.has(String(r.trace_id))),
          ...candidates.filter((r) => recent.has(String(r.trace_id))),
        ];
        const victims: string[] = [];
        // The most recent trace always stays, even when it alone is over the limit.
        for (const r of ordered.slice(0, -1)) {
          if (count <= maxSpans) break;
          victims.push(String(r.trace_id));
          count -= Number(r.span_count);
        }
        drop(victims);
      }
      const evals = Number(this.db.prepare('SELECT COUNT(*) AS n FROM evaluations').get()?.n ?? 0);
      if (evals > maxSpans) {
        this.db.prepare('DELETE FROM evaluations WHERE id IN (SELECT id FROM evaluations ORDER BY id LIMIT ?)').run(evals - maxSpans);
      }
    }
    const requests = Number(this.db.prepare('SELECT COUNT(*) AS n FROM requests').get()?.n ?? 0);
    if (requests > MAX_REQUESTS) {
      const keepFrom = Number(this.db.prepare('SELECT id FROM requests ORDER BY id DESC LIMIT 1 OFFSET ?').get(MAX_REQUESTS - 1)?.id);
      this.db.prepare('DELETE FROM requests WHERE id < ?').run(keepFrom);
      this.db.prepare('DELETE FROM problems WHERE request_id < ?').run(keepFrom);
    }
    return evicted;
  }

  // ---- Queries (the JSON API) ----

  summary(): Summary {
    const count = (sql: string): number => Number(this.db.prepare(sql).get()?.n ?? 0);
    return {
      revision: this.revisionCounter,
      traces: count('SELECT COUNT(*) AS n FROM traces'),
      spans: count('SELECT COUNT(*) AS n FROM spans'),
      evaluations: count('SELECT COUNT(*) AS n FROM evaluations'),
      rejected_requests: count('SELECT COUNT(*) AS n FROM requests WHERE status >= 400'),
      problems: {
        errors: count("SELECT COUNT(*) AS n FROM problems WHERE severity = 'error'"),
        warnings: count("SELECT COUNT(*) AS n FROM problems WHERE severity = 'warning'"),
      },
      driver: this.driver,
      db_path: this.path,
    };
  }

  listTraces(filter: TraceFilter = {}): TraceSummary[] {
    const { where, params } = traceWhere(filter);
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
    return this.db
      .prepare(`SELECT * FROM traces t ${where} ORDER BY t.start_ns DESC LIMIT ?`)
      .all(...params, limit)
      .map(toTraceSummary);
  }

  getTrace(traceId: string): TraceDetail | undefined {
    const row = this.db.prepare('SELECT * FROM traces WHERE trace_id = ?').get(traceId);
    if (!row) return undefined;
    const spans = this.db.prepare('SELECT * FROM spans WHERE trace_id = ? ORDER BY start_ns, span_id').all(traceId).map(toSpanRecord);
    const evaluations = this.db
      .prepare(
        `SELECT * FROM evaluations
         WHERE join_trace_id = ? OR (join_trace_id IS NULL AND join_span_id IN (SELECT span_id FROM spans WHERE trace_id = ?))
         ORDER BY timestamp_ms, id`,
      )
      .all(traceId, traceId)
      .map(toEvaluationRecord);
    // Evaluations joined by tag (dd-trace-py's span_with_tag_value): match against the spans' tags.
    const tagged = this.db.prepare('SELECT * FROM evaluations WHERE join_tag_key IS NOT NULL ORDER BY timestamp_ms, id').all();
    for (const row of tagged) {
      const tag = `${String(row.join_tag_key)}:${String(row.join_tag_value)}`;
      const span = spans.find((s) => s.event.tags.includes(tag));
      if (span) evaluations.push({ ...toEvaluationRecord(row), join_span_id: span.span_id, join_trace_id: traceId });
    }
    const problems = this.db.prepare('SELECT * FROM problems WHERE trace_id = ? ORDER BY id').all(traceId).map(toProblemRecord);
    return { trace: toTraceSummary(row), spans, evaluations, problems };
  }

  listSessions(filter: { ml_app?: string; limit?: number } = {}): SessionSummary[] {
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
    return this.db
      .prepare(
        `SELECT s.session_id, MIN(t.ml_app) AS ml_app, COUNT(DISTINCT t.trace_id) AS trace_count, MIN(t.start_ns) AS start_ns,
                MAX(t.start_ns + t.duration) AS end_ns, COUNT(DISTINCT CASE WHEN t.error_count > 0 THEN t.trace_id END) AS error_count,
                (SELECT COALESCE(SUM(t2.total_tokens), 0) FROM traces t2 WHERE t2.trace_id IN
                   (SELECT DISTINCT trace_id FROM spans WHERE session_id = s.session_id)) AS total_tokens
         FROM (SELECT DISTINCT session_id, trace_id FROM spans WHERE session_id IS NOT NULL) s
         JOIN traces t ON t.trace_id = s.trace_id
         ${filter.ml_app ? 'WHERE EXISTS (SELECT 1 FROM spans x WHERE x.trace_id = t.trace_id AND x.ml_app = ?)' : ''}
         GROUP BY s.session_id ORDER BY MAX(t.start_ns) DESC LIMIT ?`,
      )
      .all(...(filter.ml_app ? [filter.ml_app] : []), limit)
      .map((r) => ({
        session_id: String(r.session_id),
        ml_app: (r.ml_app as string | null) ?? null,
        trace_count: Number(r.trace_count),
        start_ns: Number(r.start_ns),
        end_ns: Number(r.end_ns),
        error_count: Number(r.error_count),
        total_tokens: Number(r.total_tokens),
      }));
  }

  getSession(sessionId: string): SessionDetail | undefined {
    const rows = this.db
      .prepare(
        `SELECT t.* FROM traces t WHERE t.trace_id IN (SELECT DISTINCT trace_id FROM spans WHERE session_id = ?)
         ORDER BY t.start_ns ASC`,
      )
      .all(sessionId);
    if (rows.length === 0) return undefined;
    const traces: SessionTrace[] = rows.map((row) => {
      const summary = toTraceSummary(row);
      // The turn's input/output: the root's, else the earliest span of the session in that trace.
      const span =
        (summary.root_span_id
          ? this.db.prepare('SELECT raw FROM spans WHERE trace_id = ? AND span_id = ?').get(summary.trace_id, summary.root_span_id)
          : undefined) ??
        this.db.prepare('SELECT raw FROM spans WHERE trace_id = ? AND session_id = ? ORDER BY start_ns LIMIT 1').get(summary.trace_id, sessionId);
      const event = span ? (JSON.parse(String(span.raw)) as WireSpanEvent) : undefined;
      return { ...summary, input: event?.meta.input ?? null, output: event?.meta.output ?? null };
    });
    const evaluations = this.db
      .prepare(
        `SELECT * FROM evaluations WHERE session_id = ?
           OR join_trace_id IN (SELECT DISTINCT trace_id FROM spans WHERE session_id = ?)
         ORDER BY timestamp_ms, id`,
      )
      .all(sessionId, sessionId)
      .map(toEvaluationRecord);
    return { session_id: sessionId, traces, evaluations };
  }

  facets(): Facets {
    const facet = (sql: string): FacetValue[] =>
      this.db.prepare(sql).all().map((r) => ({ value: String(r.value), count: Number(r.count) }));
    return {
      ml_apps: facet('SELECT ml_app AS value, COUNT(DISTINCT trace_id) AS count FROM spans WHERE ml_app IS NOT NULL GROUP BY ml_app ORDER BY count DESC, value LIMIT 200'),
      kinds: facet('SELECT kind AS value, COUNT(*) AS count FROM spans GROUP BY kind ORDER BY count DESC'),
      models: facet('SELECT model_name AS value, COUNT(*) AS count FROM spans WHERE model_name IS NOT NULL GROUP BY model_name ORDER BY count DESC, value LIMIT 200'),
      sessions: facet(
        'SELECT session_id AS value, COUNT(DISTINCT trace_id) AS count FROM spans WHERE session_id IS NOT NULL GROUP BY session_id ORDER BY MAX(start_ns) DESC LIMIT 200',
      ),
    };
  }

  stats(filter: TraceFilter & { buckets?: number } = {}): Stats {
    const { where, params } = traceWhere(filter);
    const traces = this.db
      .prepare(`SELECT start_ns, duration, error_count FROM traces t ${where} ORDER BY start_ns DESC LIMIT 20000`)
      .all(...params);
    const tokens = this.db
      .prepare(
        `SELECT COALESCE(s.model_name, 'custom') AS model, MIN(s.model_provider) AS provider, COUNT(*) AS spans,
                COALESCE(SUM(s.input_tokens), 0) AS input_tokens, COALESCE(SUM(s.output_tokens), 0) AS output_tokens,
                COALESCE(SUM(s.total_tokens), 0) AS total_tokens
         FROM spans s JOIN traces t ON t.trace_id = s.trace_id
         ${where ? `${where} AND` : 'WHERE'} s.kind IN ('llm', 'embedding')
         GROUP BY COALESCE(s.model_name, 'custom') ORDER BY total_tokens DESC LIMIT 50`,
      )
      .all(...params);
    // Model calls for the estimated cost per bucket; cache counts from the stored event (they are priced apart).
    const calls = this.db
      .prepare(
        `SELECT t.start_ns AS trace_start_ns, s.model_name, s.model_provider, s.input_tokens, s.output_tokens,
                json_extract(s.raw, '$.metrics.cache_read_input_tokens') AS cache_read,
                json_extract(s.raw, '$.metrics.cache_write_input_tokens') AS cache_write
         FROM spans s JOIN traces t ON t.trace_id = s.trace_id
         ${where ? `${where} AND` : 'WHERE'} s.kind IN ('llm', 'embedding') AND (s.input_tokens IS NOT NULL OR s.output_tokens IS NOT NULL)
         ORDER BY t.start_ns DESC LIMIT 50000`,
      )
      .all(...params)
      .map((r): CallCost => {
        const metrics: Record<string, number> = {};
        for (const [key, column] of [['input_tokens', 'input_tokens'], ['output_tokens', 'output_tokens'], ['cache_read_input_tokens', 'cache_read'], ['cache_write_input_tokens', 'cache_write']] as const) {
          if (typeof r[column] === 'number') metrics[key] = r[column];
        }
        const cost = estimateCost(this.prices, (r.model_provider as string | null) ?? undefined, (r.model_name as string | null) ?? undefined, metrics);
        return { trace_start_ns: Number(r.trace_start_ns), usd: cost.kind === 'priced' ? cost.usd : null };
      });
    return computeStats(
      traces.map((r) => ({ start_ns: Number(r.start_ns), duration: Number(r.duration), errors: Number(r.error_count) })),
      tokens.map((r) => ({
        model: String(r.model),
        provider: (r.provider as string | null) ?? null,
        spans: Number(r.spans),
        input_tokens: Number(r.input_tokens),
        output_tokens: Number(r.output_tokens),
        total_tokens: Number(r.total_tokens),
      })),
      { buckets: filter.buckets, from_ms: filter.from_ms, to_ms: filter.to_ms },
      calls,
    );
  }

  listProblems(options: { limit?: number } = {}): ProblemGroup[] {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const requests = this.db
      .prepare('SELECT * FROM requests WHERE errors > 0 OR warnings > 0 OR status >= 400 ORDER BY id DESC LIMIT ?')
      .all(limit)
      .map(toRequestRecord);
    return requests.map((r) => ({
      ...r,
      problems: this.db.prepare('SELECT * FROM problems WHERE request_id = ? ORDER BY id LIMIT 500').all(r.id).map(toProblemRecord),
    }));
  }

  listRequests(limit = 50): RequestRecord[] {
    return this.db.prepare('SELECT * FROM requests ORDER BY id DESC LIMIT ?').all(limit).map(toRequestRecord);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }
}

/** WHERE clause over `traces t` (span-level filters test membership through the spans table). */
function traceWhere(filter: TraceFilter): { where: string; params: SqlParam[] } {
  const clauses: string[] = [];
  const params: SqlParam[] = [];
  const spanHas = (column: string, value: string): void => {
    clauses.push(`t.trace_id IN (SELECT trace_id FROM spans WHERE ${column} = ?)`);
    params.push(value);
  };
  if (filter.ml_app) spanHas('ml_app', filter.ml_app);
  if (filter.session_id) spanHas('session_id', filter.session_id);
  if (filter.kind) spanHas('kind', filter.kind);
  if (filter.model) spanHas('model_name', filter.model);
  if (filter.error !== undefined) clauses.push(filter.error ? 't.error_count > 0' : 't.error_count = 0');
  if (filter.from_ms !== undefined) {
    clauses.push('t.start_ns >= ?');
    params.push(filter.from_ms * 1e6);
  }
  if (filter.to_ms !== undefined) {
    clauses.push('t.start_ns < ?');
    params.push(filter.to_ms * 1e6);
  }
  if (filter.q) {
    clauses.push("t.name LIKE ? ESCAPE '\\'");
    params.push(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? v.toString() : null);
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toTraceSummary(r: SqlRow): TraceSummary {
  return {
    trace_id: String(r.trace_id),
    root_span_id: str(r.root_span_id),
    name: String(r.name),
    kind: String(r.kind),
    ml_app: str(r.ml_app),
    session_id: str(r.session_id),
    status: r.status === 'error' ? 'error' : 'ok',
    start_ns: Number(r.start_ns),
    duration: Number(r.duration),
    span_count: Number(r.span_count),
    error_count: Number(r.error_count),
    input_tokens: Number(r.input_tokens),
    output_tokens: Number(r.output_tokens),
    total_tokens: Number(r.total_tokens),
    warnings: Number(r.warnings),
    last_received: Number(r.last_received),
  };
}

function toSpanRecord(r: SqlRow): SpanRecord {
  return {
    trace_id: String(r.trace_id),
    span_id: String(r.span_id),
    parent_id: String(r.parent_id),
    name: String(r.name),
    kind: String(r.kind),
    ml_app: str(r.ml_app),
    session_id: str(r.session_id),
    model_name: str(r.model_name),
    model_provider: str(r.model_provider),
    status: r.status === 'error' ? 'error' : 'ok',
    start_ns: Number(r.start_ns),
    duration: Number(r.duration),
    input_tokens: num(r.input_tokens),
    output_tokens: num(r.output_tokens),
    total_tokens: num(r.total_tokens),
    warnings: Number(r.warnings),
    received_at: Number(r.received_at),
    event: JSON.parse(String(r.raw)) as WireSpanEvent,
  };
}

function toEvaluationRecord(r: SqlRow): EvaluationRecord {
  return {
    id: Number(r.id),
    received_at: Number(r.received_at),
    event_kind: String(r.event_kind),
    label: String(r.label),
    metric_type: String(r.metric_type),
    value: r.value === null ? null : (JSON.parse(String(r.value)) as unknown),
    ml_app: String(r.ml_app),
    timestamp_ms: Number(r.timestamp_ms),
    join_span_id: str(r.join_span_id),
    join_trace_id: str(r.join_trace_id),
    join_tag_key: str(r.join_tag_key),
    join_tag_value: str(r.join_tag_value),
    session_id: str(r.session_id),
    assessment: str(r.assessment),
    metric: JSON.parse(String(r.raw)) as WireEvaluationMetric,
  };
}

function toProblemRecord(r: SqlRow): ProblemRecord {
  return {
    id: Number(r.id),
    request_id: Number(r.request_id),
    received_at: Number(r.received_at),
    severity: r.severity === 'error' ? 'error' : 'warning',
    code: String(r.code),
    json_path: String(r.json_path),
    message: String(r.message),
    item_index: num(r.item_index),
    item_name: str(r.item_name),
    trace_id: str(r.trace_id),
    span_id: str(r.span_id),
    stored: Number(r.stored) === 1,
  };
}

function toRequestRecord(r: SqlRow): RequestRecord {
  return {
    id: Number(r.id),
    received_at: Number(r.received_at),
    method: String(r.method),
    path: String(r.path),
    kind: r.kind === 'evaluations' ? 'evaluations' : 'spans',
    status: Number(r.status),
    bytes: Number(r.bytes),
    accepted: Number(r.accepted),
    rejected: Number(r.rejected),
    errors: Number(r.errors),
    warnings: Number(r.warnings),
  };
}
