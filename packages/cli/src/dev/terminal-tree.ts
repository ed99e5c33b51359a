// Prints each arriving trace as a tree in the terminal, once its root has arrived (dd-trace sends spans
// in finish order, so the root comes last) or after a quiet period, and every intake request that had
// problems.
import type { WireEvaluationMetric, WireSpanEvent } from '../shared/wire.js';
import { formatCount, formatDuration, formatUsd } from '../shared/format.js';
import { spanTree } from '../shared/span-tree.js';
import type { IngestOutcome } from './ingest.js';
import { tagValue } from './store/span-columns.js';
import type { ModelPrice } from 'otel-llmobs';
import { DEFAULT_MODEL_PRICES, estimateCost, PriceTable } from 'otel-llmobs';

export interface TracePrinterOptions {
  write: (text: string) => void;
  color?: boolean;
  /** Print a trace whose root has not arrived after this long without new spans. */
  quietMs?: number;
  /** After the root arrives, wait this long for stragglers from the same flush. */
  rootDelayMs?: number;
  /** The viewer's URL, for links to each trace. */
  uiUrl?: string;
  /** Problem lines printed per request before "… and N more". */
  maxProblemLines?: number;
  /** Price rows added to the built-in table for the trace's estimated cost (`--prices`). */
  prices?: readonly ModelPrice[];
}

interface Pending {
  spans: Map<string, WireSpanEvent>;
  timer: ReturnType<typeof setTimeout> | undefined;
  warnings: number;
}

const KIND_COLORS: Record<string, number> = { llm: 35, agent: 36, workflow: 34, task: 33, tool: 33, embedding: 32, retrieval: 32 };

export class TracePrinter {
  private readonly pending = new Map<string, Pending>();
  private readonly options: Required<Omit<TracePrinterOptions, 'uiUrl' | 'prices'>> & { uiUrl?: string };
  private readonly prices: PriceTable;

  constructor(options: TracePrinterOptions) {
    this.options = { color: false, quietMs: 1_500, rootDelayMs: 100, maxProblemLines: 8, ...options };
    this.prices = new PriceTable([...DEFAULT_MODEL_PRICES, ...(options.prices ?? [])]);
  }

  onIngest(outcome: IngestOutcome): void {
    if (outcome.problems.length > 0 || outcome.status !== 202) this.printProblems(outcome);
    const warningsBySpan = new Map<string, number>();
    for (const p of outcome.problems) {
      if (p.stored && p.spanId) warningsBySpan.set(p.spanId, (warningsBySpan.get(p.spanId) ?? 0) + 1);
    }
    for (const span of outcome.stored.spans) {
      let entry = this.pending.get(span.trace_id);
      if (!entry) {
        entry = { spans: new Map(), timer: undefined, warnings: 0 };
        this.pending.set(span.trace_id, entry);
      }
      entry.spans.set(span.span_id, span);
      entry.warnings += warningsBySpan.get(span.span_id) ?? 0;
    }
    const traceIds = new Set(outcome.stored.spans.map((s) => s.trace_id));
    for (const traceId of traceIds) {
      const entry = this.pending.get(traceId);
      if (!entry) continue;
      const hasRoot = [...entry.spans.values()].some((s) => s.parent_id === 'undefined');
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = setTimeout(() => this.printTrace(traceId), hasRoot ? this.options.rootDelayMs : this.options.quietMs);
      entry.timer.unref?.();
    }
    if (outcome.stored.evaluations.length > 0) {
      const labels = outcome.stored.evaluations.map((e) => `${e.label}=${formatValue(e)}`).join(', ');
      this.options.write(`${this.dim('◆')} ${outcome.stored.evaluations.length} evaluation(s): ${truncate(labels, 160)}\n`);
    }
  }

  /** Print everything still waiting (on shutdown). */
  flush(): void {
    for (const traceId of [...this.pending.keys()]) this.printTrace(traceId);
  }

  private printTrace(traceId: string): void {
    const entry = this.pending.get(traceId);
    if (!entry) return;
    this.pending.delete(traceId);
    if (entry.timer) clearTimeout(entry.timer);
    const spans = [...entry.spans.values()];
    const root = spans.find((s) => s.parent_id === 'undefined');
    const mlApp = tag(root ?? spans[0], 'ml_app');
    const session = (root ?? spans[0])?.session_id;
    const head = [
      this.bold(`trace ${traceId}`),
      mlApp ? `ml_app ${mlApp}` : '',
      session ? `session ${session}` : '',
      this.traceCost(spans),
      root ? '' : this.dim('(root not received yet)'),
      entry.warnings > 0 ? this.yellow(`⚠ ${entry.warnings} warning${entry.warnings > 1 ? 's' : ''}`) : '',
    ].filter(Boolean);
    const lines = [`${this.dim('▸')} ${head.join('  ')}`];
    for (const line of renderTraceTree(spans, (s) => this.spanLine(s))) lines.push(`  ${line}`);
    if (this.options.uiUrl) lines.push(`  ${this.dim(`→ ${this.options.uiUrl}/#/trace/${traceId}`)}`);
    this.options.write(`${lines.join('\n')}\n`);
  }

  /** The trace's estimated cost from the price table; models without a price are counted, not guessed. */
  private traceCost(spans: readonly WireSpanEvent[]): string {
    let usd = 0;
    let priced = 0;
    let unpriced = 0;
    for (const span of spans) {
      const cost = estimateCost(this.prices, span.meta.model_provider, span.meta.model_name, span.metrics);
      if (cost.kind === 'priced') {
        usd += cost.usd;
        priced++;
      } else if (cost.kind === 'unpriced') unpriced++;
    }
    if (priced === 0 && unpriced === 0) return '';
    const parts = priced > 0 ? [`est. ${formatUsd(usd)}`] : [];
    if (unpriced > 0) parts.push(`${unpriced} call${unpriced > 1 ? 's' : ''} unpriced`);
    return this.dim(parts.join(', '));
  }

  private spanLine(span: WireSpanEvent): string {
    const kind = span.meta['span.kind'];
    const parts = [this.kind(kind), span.name, this.dim(formatDuration(span.duration))];
    if (span.meta.model_name && span.meta.model_name !== 'custom') parts.push(this.dim(span.meta.model_name));
    const input = span.metrics.input_tokens;
    const output = span.metrics.output_tokens;
    if (input !== undefined || output !== undefined) {
      parts.push(this.dim(`${formatCount(input ?? 0)}→${formatCount(output ?? 0)} tok`));
    }
    if (span.status === 'error') {
      const type = span.meta['error.type'];
      const message = span.meta['error.message'];
      parts.push(this.red(`✗ ${[type, message].filter(Boolean).join(': ') || 'error'}`));
    }
    return parts.join('  ');
  }

  private printProblems(outcome: IngestOutcome): void {
    const r = outcome.response;
    const what = outcome.kind === 'spans' ? 'span event' : 'evaluation';
    const summary =
      outcome.status !== 202
        ? this.red(`rejected (${outcome.status})`)
        : r.rejected > 0
          ? this.red(`${r.rejected} ${what}(s) rejected, ${r.accepted} stored`)
          : this.yellow(`${r.accepted} ${what}(s) stored with warnings`);
    const mark = r.errors > 0 ? this.red('✗') : this.yellow('⚠');
    const lines = [`${mark} ${outcome.request.method} ${outcome.request.path} ${summary}`];
    const max = this.options.maxProblemLines;
    for (const p of outcome.problems.slice(0, max)) {
      const sev = p.severity === 'error' ? this.red('error  ') : this.yellow('warning');
      lines.push(`    ${sev} ${p.path ? `${p.path}  ` : ''}${truncate(p.message, 200)} ${this.dim(`[${p.code}]`)}`);
    }
    if (outcome.problems.length > max) {
      lines.push(`    … and ${outcome.problems.length - max} more${this.options.uiUrl ? ` (${this.options.uiUrl}/#/problems)` : ''}`);
    }
    this.options.write(`${lines.join('\n')}\n`);
  }

  private paint(code: number, text: string): string {
    return this.options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
  private bold = (t: string): string => this.paint(1, t);
  private dim = (t: string): string => this.paint(2, t);
  private red = (t: string): string => this.paint(31, t);
  private yellow = (t: string): string => this.paint(33, t);
  private kind = (k: string): string => this.paint(KIND_COLORS[k] ?? 37, k.padEnd(9));
}

/** Lines of a tree, with box-drawing prefixes (├─ └─ │), children ordered by start time. */
export function renderTraceTree(spans: readonly WireSpanEvent[], label: (span: WireSpanEvent) => string): string[] {
  return spanTree(spans).map(({ span, lastAtLevel }) => {
    const prefix = lastAtLevel.map((last, i) => (i === lastAtLevel.length - 1 ? (last ? '└─ ' : '├─ ') : last ? '   ' : '│  ')).join('');
    return `${prefix}${label(span)}`;
  });
}

function tag(span: WireSpanEvent | undefined, key: string): string | undefined {
  return span ? tagValue(span.tags, key) : undefined;
}

function formatValue(e: WireEvaluationMetric): string {
  const v = e[`${e.metric_type}_value` as keyof WireEvaluationMetric];
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
