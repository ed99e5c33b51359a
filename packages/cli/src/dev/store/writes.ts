// Writes to the store: one intake request and what it carried, span events from other producers
// (the OTLP receiver), each trace's summary row kept in step, and the retention policy, enforced in
// the same transaction as every write.
import type { WireEvaluationMetric, WireSpanEvent } from '../../shared/wire.js';
import type { Violation } from '../validate/violations.js';
import { spanColumns } from './span-columns.js';
import type { SqlDatabase } from './sqlite.js';

export interface Retention {
  /** Keep at most this many spans; the least recently received traces go first, whole. */
  maxSpans?: number;
  /** Drop traces, evaluations and problems received longer ago than this. */
  maxAgeMs?: number;
}

export const DEFAULT_RETENTION: Required<Retention> = { maxSpans: 50_000, maxAgeMs: 7 * 24 * 3600_000 };

/** How many intake requests (and their problems) the Problems view keeps, whatever the retention. */
const MAX_REQUESTS = 2_000;

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
  /** Exact error and warning counts when `problems` holds only the first ones (see problem-budget.ts). */
  counts?: { errors: number; warnings: number };
}

export interface WriteResult {
  requestId: number;
  /** Traces that got new spans. */
  traceIds: string[];
  evicted: { traces: number; spans: number };
}

export class StoreWriter {
  private readonly db: SqlDatabase;
  private readonly retention: Retention;
  private readonly now: () => number;

  constructor(db: SqlDatabase, retention: Retention, now: () => number) {
    this.db = db;
    this.retention = retention;
    this.now = now;
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
          write.counts?.errors ?? problems.filter((p) => p.severity === 'error').length,
          write.counts?.warnings ?? problems.filter((p) => p.severity === 'warning').length,
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
  enforceRetention(justWritten: readonly string[] = []): { traces: number; spans: number } {
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
}
