// From a received body to stored rows: parse, validate, and write the request's valid items and its
// problems in one transaction.
//
// Policy (the issue left it open):
// - A body that is not JSON, not the right top-level shape (an array of envelopes; a {data:…}
//   evaluation object), or over 5 MiB is rejected whole: 400 (413 for size). Nothing of it is stored
//   but the request and its problems, so the Problems view shows it.
// - Otherwise each item (span envelope, evaluation metric) stands alone, as at the intake: items with
//   an error-level violation are rejected, the others are stored — all of them in one transaction, so
//   a request is never stored half-way — and the answer is 202 with a JSON body listing every violation.
// - Work per request is bounded (validate/work-limits.ts, problem-budget.ts): a body that is not
//   UTF-8 is refused (400); values nested deeper than 64 levels are replaced (a warning); items past
//   the first 50 000 are refused unread; a request records its first 100 problems, then a count.
import { isUtf8 } from 'node:buffer';
import type { WireEvaluationMetric, WireSpanEvent } from '../shared/wire.js';
import { ProblemBudget } from './problem-budget.js';
import type { DevStore, NewProblem, SpanToStore } from './store/dev-store.js';
import { validateEvaluationPayload } from './validate/evaluation.js';
import { payloadSizeViolation } from './validate/limits.js';
import { validateSpanPayload, type SpanPayloadReport } from './validate/span-payload.js';
import type { Violation } from './validate/violations.js';
import { boundJsonDepth } from './validate/work-limits.js';
import { errorMessage } from 'otel-llmobs/internals';
import type { SpanEventScanner } from 'otel-llmobs/internals';

export interface IntakeRequest {
  method: string;
  path: string;
  /** The (decompressed) body. */
  body: Buffer | string;
  /** Transport-level findings made by the route (headers), reported with the payload's. */
  transport?: readonly Violation[];
  /**
   * The sensitive-data scan (the processor's `sensitiveData` option): what is stored is what the
   * in-process scan would have sent. Absent when scanning is off.
   */
  scanner?: SpanEventScanner;
}

/** What the intake answers (besides the status). */
export interface IntakeResponseBody {
  status: 'accepted' | 'partial' | 'rejected';
  accepted: number;
  rejected: number;
  errors: number;
  warnings: number;
  /** Every violation (capped at MAX_REPORTED), with the item index for item-level ones. */
  problems: (Violation & { index?: number })[];
  problems_truncated?: number;
}

export interface IngestOutcome {
  status: 202 | 400 | 408 | 413 | 415;
  response: IntakeResponseBody;
  kind: 'spans' | 'evaluations';
  request: { method: string; path: string };
  stored: { spans: WireSpanEvent[]; evaluations: WireEvaluationMetric[] };
  problems: NewProblem[];
  evicted: { traces: number; spans: number };
}

const MAX_REPORTED = 200;

export function ingestSpans(store: DevStore, request: IntakeRequest): IngestOutcome {
  return ingest(store, request, 'spans', (body) => {
    const report = validateSpanPayload(body);
    const valid = spansToStore(report);
    const scanner = request.scanner;
    // Scanned once valid: a rejected item is not stored, and the scan may rely on the checked shape.
    if (scanner) valid.spans = valid.spans.map((s) => ({ ...s, event: scanner.scanSpanEvent(s.event) }));
    return { payload: report.payload, evaluations: [], ...valid };
  });
}

/** A span payload's valid events, to store, and its item-level problems (the first ones, and counts), to record. */
export function spansToStore(report: SpanPayloadReport, problems = new ProblemBudget()): { spans: SpanToStore[]; problems: ProblemBudget; rejected: number } {
  const spans: SpanToStore[] = [];
  for (const e of report.events) {
    if (e.event) spans.push({ event: e.event, warnings: e.violations.length });
    addItemProblems(problems, e, e.name, e.event !== undefined);
  }
  return { spans, problems, rejected: report.events.length - spans.length + report.skipped };
}

export function ingestEvaluations(store: DevStore, request: IntakeRequest): IngestOutcome {
  return ingest(store, request, 'evaluations', (body) => {
    const report = validateEvaluationPayload(body);
    const evaluations: WireEvaluationMetric[] = [];
    const problems = new ProblemBudget();
    for (const m of report.metrics) {
      if (m.metric) evaluations.push(request.scanner ? request.scanner.scanEvaluation(m.metric) : m.metric);
      addItemProblems(problems, m, m.label, m.metric !== undefined);
    }
    return { payload: report.payload, spans: [], evaluations, problems, rejected: report.metrics.length - evaluations.length + report.skipped };
  });
}

function addItemProblems(
  out: ProblemBudget,
  item: { index: number; violations: readonly Violation[]; traceId: string | undefined; spanId: string | undefined },
  itemName: string | undefined,
  stored: boolean,
): void {
  for (const v of item.violations) out.add({ ...v, itemIndex: item.index, itemName, traceId: item.traceId, spanId: item.spanId, stored });
}

interface Validated {
  payload: Violation[];
  spans: SpanToStore[];
  evaluations: WireEvaluationMetric[];
  problems: ProblemBudget;
  rejected: number;
}

const nothing = (payload: Violation[]): Validated => ({ payload, spans: [], evaluations: [], problems: new ProblemBudget(), rejected: 0 });

/** Record a request the route could not even read (body too large or too slow, bad or unknown compression). */
export function rejectIntakeRequest(
  store: DevStore,
  request: { method: string; path: string; bytes: number },
  kind: 'spans' | 'evaluations',
  status: 400 | 408 | 413 | 415,
  violation: Violation,
): IngestOutcome {
  return write(store, request, kind, status, nothing([violation]), request.bytes, []);
}

function ingest(
  store: DevStore,
  request: IntakeRequest,
  kind: 'spans' | 'evaluations',
  validate: (body: unknown) => Validated,
): IngestOutcome {
  const bytes = typeof request.body === 'string' ? Buffer.byteLength(request.body) : request.body.length;
  const transport = request.transport ?? [];
  const tooBig = payloadSizeViolation(bytes);
  if (tooBig) return write(store, request, kind, 413, nothing([tooBig]), bytes, transport);
  if (typeof request.body !== 'string' && !isUtf8(request.body)) {
    // Decoding would silently turn the bad bytes into U+FFFD: the sender would never learn.
    const notUtf8: Violation = { severity: 'error', code: 'payload.not_utf8', path: '', message: 'The body is not valid UTF-8 (JSON must be).' };
    return write(store, request, kind, 400, nothing([notUtf8]), bytes, transport);
  }
  let body: unknown;
  try {
    body = JSON.parse(typeof request.body === 'string' ? request.body : request.body.toString('utf8'));
  } catch (err) {
    const notJson: Violation = { severity: 'error', code: 'payload.not_json', path: '', message: `The body is not JSON: ${errorMessage(err)}` };
    return write(store, request, kind, 400, nothing([notJson]), bytes, transport);
  }
  const depth = boundJsonDepth(body);
  const validated = validate(body);
  validated.payload.push(...depth);
  // Validation messages quote values (a tag, a session id): they are stored too, so they are scanned like the spans.
  const scanner = request.scanner;
  if (scanner) {
    validated.payload = validated.payload.map((v) => ({ ...v, message: scanner.scanText(v.message) }));
    validated.problems.redact((message) => scanner.scanText(message));
  }
  const accepted = validated.spans.length + validated.evaluations.length;
  // A body-level error refuses the request, unless items were stored anyway (too many items: the first were).
  const status = validated.payload.some((v) => v.severity === 'error') && accepted === 0 ? 400 : 202;
  return write(store, request, kind, status, validated, bytes, transport);
}

function write(
  store: DevStore,
  request: { method: string; path: string },
  kind: 'spans' | 'evaluations',
  status: IngestOutcome['status'],
  validated: Validated,
  bytes: number,
  transport: readonly Violation[],
): IngestOutcome {
  const accepted = validated.spans.length + validated.evaluations.length;
  validated.problems.addFirst([...transport, ...validated.payload].map((v) => ({ ...v, stored: accepted > 0 })));
  const recorded = validated.problems.result();
  const problems = recorded.problems;
  const { evicted } = store.writeRequest({
    request: { method: request.method, path: request.path, kind, status, bytes },
    spans: validated.spans,
    evaluations: validated.evaluations,
    rejected: validated.rejected,
    problems,
    counts: recorded,
  });
  return {
    status,
    response: intakeResponse(status, accepted, validated.rejected, problems, recorded),
    kind,
    request: { method: request.method, path: request.path },
    stored: { spans: validated.spans.map((s) => s.event), evaluations: validated.evaluations },
    problems,
    evicted,
  };
}

/** The intake's answer: counts, and the problems (the first `MAX_REPORTED`), item-level ones with their index. */
export function intakeResponse(
  status: IngestOutcome['status'],
  accepted: number,
  rejected: number,
  problems: readonly NewProblem[],
  /** Exact counts when `problems` was cut (`recordableProblems`). */
  counts?: { errors: number; warnings: number; omitted: number },
): IntakeResponseBody {
  const errors = counts?.errors ?? problems.filter((p) => p.severity === 'error').length;
  const response: IntakeResponseBody = {
    status: status !== 202 || (accepted === 0 && rejected > 0) ? 'rejected' : rejected > 0 ? 'partial' : 'accepted',
    accepted,
    rejected,
    errors,
    warnings: counts?.warnings ?? problems.length - errors,
    problems: problems.slice(0, MAX_REPORTED).map(({ severity, code, path, message, itemIndex }) =>
      itemIndex === undefined ? { severity, code, path, message } : { severity, code, path, message, index: itemIndex },
    ),
  };
  const truncated = Math.max(0, problems.length - MAX_REPORTED) + (counts?.omitted ?? 0);
  if (truncated > 0) response.problems_truncated = truncated;
  return response;
}
