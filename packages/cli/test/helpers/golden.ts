// The golden requests captured from dd-trace-js (../shared/golden/ddtrace-js), as test inputs.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const GOLDEN_DIR = resolve(import.meta.dirname, '../../../../../shared/golden/ddtrace-js');

export interface GoldenRequest {
  file: string;
  seq: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  body_raw: string;
}

const INTAKE_PATH = /(\/api\/v2\/llmobs|\/api\/intake\/llm-obs\/v2\/eval-metric)$/;

/** Every POST to a span or evaluation path with its exact body (o-split's bodies are elided, so skipped). */
export function goldenIntakeRequests(): GoldenRequest[] {
  const out: GoldenRequest[] = [];
  for (const file of readdirSync(GOLDEN_DIR).sort()) {
    if (!file.endsWith('.json') || file === 'index.json') continue;
    const doc = JSON.parse(readFileSync(join(GOLDEN_DIR, file), 'utf8')) as { requests: (GoldenRequest & { body_raw_elided?: boolean })[] };
    for (const r of doc.requests) {
      if (r.method !== 'POST' || !INTAKE_PATH.test(r.path) || r.body_raw_elided || !r.body_raw) continue;
      out.push({ ...r, file });
    }
  }
  return out;
}

export function goldenRequestsOf(file: string): GoldenRequest[] {
  return goldenIntakeRequests().filter((r) => r.file === `${file}.json`);
}

export function isEvalPath(path: string): boolean {
  return path.endsWith('/eval-metric');
}

/** Captured headers minus the ones that describe the original connection. */
export function replayHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (k === 'host' || k === 'content-length' || k === 'connection') continue;
    out[k] = v;
  }
  return out;
}
