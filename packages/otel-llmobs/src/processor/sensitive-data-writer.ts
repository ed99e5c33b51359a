import type { Attributes, AttributeValue, Link, SpanStatus } from '@opentelemetry/api';
import type { LLMObsSpan } from '../conventions/model.js';
import type { DerivedSpanWriter } from './derive-span.js';
import type { TimedEventLike } from '../sdk-shapes/span-shapes.js';
import type { SensitiveDataReport } from '../sensitive-data/report.js';
import { emptyReport, hasFindings, noteMatches, reportAttributes, reportOf } from '../sensitive-data/report.js';
import type { SensitiveDataScanner } from '../sensitive-data/scanner.js';

/**
 * Wraps the derived-span writer of a non-Datadog (OTLP) exporter. The canonical attributes are
 * already written from the redacted model; what else travels on the derived span is copied from
 * the source span (vendor attributes with `vendorAttributes: 'keep'`, attributes of no LLM
 * convention, span events such as `exception`, the status message, link attributes), so those
 * are scanned here with the same rules, into new objects. The source span is never touched.
 * `onFindings` feeds the processor's counters.
 */
export function scanningSpanWriter(
  inner: DerivedSpanWriter,
  scanner: SensitiveDataScanner,
  onFindings: (report: SensitiveDataReport) => void,
): DerivedSpanWriter {
  // The report of the derived parts of one span, shared by the attribute, event, status and link
  // writers (deriveSpan calls attributes first, then the others).
  const derivedReports = new WeakMap<LLMObsSpan, SensitiveDataReport>();
  const reportFor = (llmobs: LLMObsSpan): SensitiveDataReport => {
    let report = derivedReports.get(llmobs);
    if (!report) {
      report = emptyReport();
      derivedReports.set(llmobs, report);
    }
    return report;
  };

  const scanAttributes = (attrs: Attributes, copiedFrom: Attributes | undefined, fieldPrefix: string, report: SensitiveDataReport): Attributes => {
    let out = attrs;
    for (const key of Object.keys(attrs)) {
      const value = attrs[key];
      // Canonical attributes come from the redacted model already; only what was copied from the source is scanned.
      if (copiedFrom !== undefined && copiedFrom[key] !== value) continue;
      const scanned = scanAttributeValue(value, `${fieldPrefix}.${key}`, lastSegment(key), scanner, report);
      if (scanned !== value) {
        if (out === attrs) out = { ...attrs };
        out[key] = scanned;
      }
    }
    return out;
  };

  const writer: DerivedSpanWriter = {
    attributes: (source, llmobs) => {
      const attrs = inner.attributes(source, llmobs);
      if (!llmobs) return attrs;
      const report = reportFor(llmobs);
      const scanned = scanAttributes(attrs, source.attributes, 'attributes', report);
      const modelReport = reportOf(llmobs);
      const combined = combine(modelReport, report);
      if (hasFindings(report)) onFindings(report);
      return hasFindings(combined) ? Object.assign(scanned === attrs ? { ...attrs } : scanned, reportAttributes(combined)) : scanned;
    },
    events: (source, llmobs) => {
      const events: TimedEventLike[] = inner.events ? inner.events(source, llmobs) : source.events;
      if (!llmobs) return events;
      const report = emptyReport();
      let out = events;
      events.forEach((event, i) => {
        if (!event.attributes) return;
        const attributes = scanAttributes(event.attributes, undefined, `events.${event.name}`, report);
        if (attributes !== event.attributes) {
          if (out === events) out = [...events];
          out[i] = { ...event, attributes };
        }
      });
      if (hasFindings(report)) onFindings(report);
      return out;
    },
    status: (source, llmobs) => {
      const status: SpanStatus = source.status;
      if (!llmobs || typeof status.message !== 'string' || status.message === '' || !scanner.inScope('status.message')) return status;
      const report = emptyReport();
      const scan = scanner.scanText(status.message);
      noteMatches(report, scan.matches, scan.text !== status.message, scan.unscanned);
      if (hasFindings(report)) onFindings(report);
      return scan.text === status.message ? status : { ...status, message: scan.text };
    },
    links: (source, llmobs) => {
      const links: Link[] = source.links;
      if (!llmobs) return links;
      const report = emptyReport();
      let out = links;
      links.forEach((link, i) => {
        if (!link.attributes) return;
        const attributes = scanAttributes(link.attributes, undefined, 'links', report);
        if (attributes !== link.attributes) {
          if (out === links) out = [...links];
          out[i] = { ...link, attributes };
        }
      });
      if (hasFindings(report)) onFindings(report);
      return out;
    },
  };
  return inner.parent ? { ...writer, parent: inner.parent } : writer;
}

function scanAttributeValue(
  value: AttributeValue | undefined,
  fieldPath: string,
  keyPath: string,
  scanner: SensitiveDataScanner,
  report: SensitiveDataReport,
): AttributeValue | undefined {
  if (!scanner.inScope(fieldPath)) return value;
  if (typeof value === 'string') {
    const scan = scanner.scanText(value, keyPath);
    noteMatches(report, scan.matches, scan.text !== value, scan.unscanned);
    return scan.text;
  }
  if (typeof value === 'number') {
    const scan = scanner.scanKeyedNumber(value, keyPath);
    if (!scan || scan.text === String(value)) return value;
    noteMatches(report, scan.matches, true, scan.unscanned);
    return scan.text;
  }
  if (Array.isArray(value)) {
    let out: unknown[] = value;
    value.forEach((item: unknown, i) => {
      if (typeof item !== 'string') return;
      const scan = scanner.scanText(item, keyPath);
      noteMatches(report, scan.matches, scan.text !== item, scan.unscanned);
      if (scan.text !== item) {
        if (out === value) out = [...(value as unknown[])];
        out[i] = scan.text;
      }
    });
    return out as AttributeValue;
  }
  return value;
}

/** The key's last segment as keyword context (`user.phone` → `phone`); the convention prefixes (`gen_ai.tool.call…`) would only add noise. */
function lastSegment(key: string): string {
  const dot = key.lastIndexOf('.');
  return dot === -1 ? key : key.slice(dot + 1);
}

function combine(a: SensitiveDataReport | undefined, b: SensitiveDataReport): SensitiveDataReport {
  if (!a) return b;
  return {
    count: a.count + b.count,
    entities: new Set([...a.entities, ...b.entities]),
    redacted: a.redacted || b.redacted,
    redactedFields: a.redactedFields + b.redactedFields,
    unscannedFields: a.unscannedFields + b.unscannedFields,
  };
}
