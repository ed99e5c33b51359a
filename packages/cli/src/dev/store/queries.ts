// The JSON API's queries over the store (read-only): summaries, traces, sessions, facets, stats,
// problems and requests. Limits are clamped here, whatever the caller passes.
import type {
  EvaluationFacet,
  Facets,
  FacetValue,
  ProblemGroup,
  RequestRecord,
  SessionDetail,
  SessionSummary,
  SessionTrace,
  Stats,
  Summary,
  TraceDetail,
  TraceFilter,
  TraceSummary,
} from '../../shared/api.js';
import type { WireSpanEvent } from '../../shared/wire.js';
import type { SqlDatabase, SqlParam } from './sqlite.js';
import { computeStats } from './stats.js';
import type { AssessmentPoint, CallCost } from './stats.js';
import type { PriceTable } from 'otel-llmobs/internals';
import { estimateCost } from 'otel-llmobs/internals';
import { toEvaluationRecord, toProblemRecord, toRequestRecord, toSpanRecord, toTraceSummary } from './rows.js';

export class StoreQueries {
  private readonly db: SqlDatabase;
  /** For the charts' estimated cost. */
  private readonly prices: PriceTable;

  constructor(db: SqlDatabase, prices: PriceTable) {
    this.db = db;
    this.prices = prices;
  }


  /** `meta`: what the store knows about itself (revision, driver, path). */
  summary(meta: Pick<Summary, 'revision' | 'driver' | 'db_path'>): Summary {
    const count = (sql: string): number => Number(this.db.prepare(sql).get()?.n ?? 0);
    return {
      revision: meta.revision,
      traces: count('SELECT COUNT(*) AS n FROM traces'),
      spans: count('SELECT COUNT(*) AS n FROM spans'),
      evaluations: count('SELECT COUNT(*) AS n FROM evaluations'),
      rejected_requests: count('SELECT COUNT(*) AS n FROM requests WHERE status >= 400'),
      problems: {
        errors: count("SELECT COUNT(*) AS n FROM problems WHERE severity = 'error'"),
        warnings: count("SELECT COUNT(*) AS n FROM problems WHERE severity = 'warning'"),
      },
      driver: meta.driver,
      db_path: meta.db_path,
    };
  }

  listTraces(filter: TraceFilter = {}): TraceSummary[] {
    const { where, params } = traceWhere(filter);
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
    const traces = this.db
      .prepare(`SELECT * FROM traces t ${where} ORDER BY t.start_ns DESC LIMIT ?`)
      .all(...params, limit)
      .map(toTraceSummary);
    this.annotateTraces(traces);
    return traces;
  }

  /** The list's badges: the entity types the scanner reported, and the labels of failed evaluations. */
  private annotateTraces(traces: TraceSummary[]): void {
    const byId = new Map<string, TraceSummary>();
    for (const t of traces) {
      t.sensitive_entities = [];
      t.failed_evaluations = [];
      byId.set(t.trace_id, t);
    }
    if (traces.length === 0) return;
    const ids = JSON.stringify([...byId.keys()]);
    const entities = this.db
      .prepare(
        `SELECT DISTINCT s.trace_id, substr(j.value, ${ENTITY_TAG.length + 1}) AS entity
         FROM spans s, json_each(s.raw, '$.tags') j
         WHERE s.trace_id IN (SELECT value FROM json_each(?)) AND ${HAS_REPORT_TAG} AND j.value GLOB '${ENTITY_TAG}*'
         ORDER BY entity`,
      )
      .all(ids);
    for (const r of entities) byId.get(String(r.trace_id))?.sensitive_entities?.push(String(r.entity));
    const failed = this.db
      .prepare(
        `SELECT DISTINCT ${EVALUATED_TRACE} AS trace_id, e.label FROM evaluations e
         WHERE e.assessment = 'fail' AND ${EVALUATED_TRACE} IN (SELECT value FROM json_each(?))
         ORDER BY e.label`,
      )
      .all(ids);
    for (const r of failed) byId.get(String(r.trace_id))?.failed_evaluations?.push(String(r.label));
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
      sensitive_entities: facet(
        `SELECT substr(j.value, ${ENTITY_TAG.length + 1}) AS value, COUNT(DISTINCT s.trace_id) AS count
         FROM spans s, json_each(s.raw, '$.tags') j
         WHERE ${HAS_REPORT_TAG} AND j.value GLOB '${ENTITY_TAG}*'
         GROUP BY value ORDER BY count DESC, value LIMIT 100`,
      ),
      evaluations: this.evaluationFacets(),
    };
  }

  private evaluationFacets(): EvaluationFacet[] {
    const labels = this.db
      .prepare(`SELECT e.label, COUNT(DISTINCT ${EVALUATED_TRACE}) AS count FROM evaluations e GROUP BY e.label ORDER BY e.label LIMIT 200`)
      .all();
    const values = this.db
      .prepare(
        `SELECT e.label, ${EVALUATION_VALUE} AS value, COUNT(DISTINCT ${EVALUATED_TRACE}) AS count FROM evaluations e
         WHERE e.metric_type IN ('categorical', 'boolean') AND e.value IS NOT NULL AND e.value != 'null'
         GROUP BY e.label, value ORDER BY e.label, count DESC, value`,
      )
      .all();
    const byLabel = new Map<string, EvaluationFacet>();
    for (const r of labels) byLabel.set(String(r.label), { label: String(r.label), count: Number(r.count), values: [] });
    for (const r of values) {
      const facet = byLabel.get(String(r.label));
      // A label may hold many free-text values; the filter lists the commonest.
      if (facet && facet.values.length < 50) facet.values.push({ value: String(r.value), count: Number(r.count) });
    }
    return [...byLabel.values()];
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
    // Assessed evaluations at the start of the trace they evaluate, under the same trace filters.
    const assessments = this.db
      .prepare(
        `SELECT e.label, e.assessment, t.start_ns FROM evaluations e JOIN traces t ON t.trace_id = ${EVALUATED_TRACE}
         ${where ? `${where} AND` : 'WHERE'} e.assessment IN ('pass', 'fail')
         ORDER BY t.start_ns DESC LIMIT 50000`,
      )
      .all(...params)
      .map((r): AssessmentPoint => ({ label: String(r.label), trace_start_ns: Number(r.start_ns), fail: r.assessment === 'fail' }));
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
      assessments,
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
    const bounded = Math.min(Math.max(Math.trunc(limit) || 50, 1), 500);
    return this.db.prepare('SELECT * FROM requests ORDER BY id DESC LIMIT ?').all(bounded).map(toRequestRecord);
  }
}

/** The reporting tag of each entity type the sensitive-data scanner found on a span. */
const ENTITY_TAG = 'sensitive_data.entity:';

/**
 * Spans `s` whose stored event holds the scanner's `sensitive_data:<action>` tag (which it always
 * writes beside the entity tags): the exact term of the partial index `spans_sensitive`, so only
 * those spans are read; json_each over their tags then decides exactly.
 */
const HAS_REPORT_TAG = `instr(s.raw, '"sensitive_data:') > 0`;

/**
 * The trace an evaluation `e` is joined to: its join trace id, else its span's trace (as getTrace
 * joins them). Evaluations joined by tag are not placed.
 */
const EVALUATED_TRACE = 'COALESCE(e.join_trace_id, (SELECT x.trace_id FROM spans x WHERE x.span_id = e.join_span_id LIMIT 1))';

/** An evaluation's value as the filter compares it: a string unquoted, anything else as its JSON text. */
const EVALUATION_VALUE = "(CASE WHEN json_valid(e.value) AND json_type(e.value) = 'text' THEN json_extract(e.value, '$') ELSE e.value END)";

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
  // Tags live in the stored event: the indexed substring test skips the spans that cannot match.
  if (filter.sensitive_entity) {
    clauses.push(`t.trace_id IN (SELECT s.trace_id FROM spans s, json_each(s.raw, '$.tags') j WHERE ${HAS_REPORT_TAG} AND j.value = ?)`);
    params.push(`${ENTITY_TAG}${filter.sensitive_entity}`);
  } else if (filter.sensitive !== undefined) {
    const has = `SELECT s.trace_id FROM spans s, json_each(s.raw, '$.tags') j WHERE ${HAS_REPORT_TAG} AND j.value GLOB 'sensitive_data:*'`;
    clauses.push(`t.trace_id ${filter.sensitive ? 'IN' : 'NOT IN'} (${has})`);
  }
  if (filter.eval !== undefined || filter.assessment !== undefined) {
    const conditions: string[] = [];
    if (filter.eval !== undefined) {
      conditions.push('e.label = ?');
      params.push(filter.eval);
      if (filter.eval_value !== undefined) {
        conditions.push(`${EVALUATION_VALUE} = ?`);
        params.push(filter.eval_value);
      }
    }
    if (filter.assessment !== undefined) {
      conditions.push('e.assessment = ?');
      params.push(filter.assessment);
    }
    clauses.push(`t.trace_id IN (SELECT ${EVALUATED_TRACE} FROM evaluations e WHERE ${conditions.join(' AND ')})`);
  }
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
