// `otel-llmobs dev` options: parsing the flag values into what the server and store take.
import type { Retention } from './store/dev-store.js';
import { DEFAULT_RETENTION } from './store/dev-store.js';

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * `--retention`: a comma-separated list of a span count (`5000`, `5000 spans`) and/or a maximum age
 * (`30m`, `24h`, `7d`). A bound that is not given keeps its default.
 */
export function parseRetention(value: string): Required<Retention> {
  const out: Required<Retention> = { ...DEFAULT_RETENTION };
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new UsageError(`--retention needs a value like "10000", "24h" or "10000,24h".`);
  for (const part of parts) {
    const count = /^(\d+)\s*(spans?)?$/i.exec(part);
    if (count) {
      const n = Number(count[1]);
      if (n < 1) throw new UsageError(`--retention: keep at least 1 span (got ${part}).`);
      out.maxSpans = n;
      continue;
    }
    const age = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d|w)$/i.exec(part);
    if (age) {
      out.maxAgeMs = Number(age[1]) * (UNITS[age[2]!.toLowerCase()] ?? NaN);
      if (!(out.maxAgeMs > 0)) throw new UsageError(`--retention: the age must be positive (got ${part}).`);
      continue;
    }
    throw new UsageError(`--retention: "${part}" is neither a span count (10000) nor an age (30m, 24h, 7d).`);
  }
  return out;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535 (got ${value}).`);
  return port;
}

export function describeRetention(r: Retention): string {
  const parts: string[] = [];
  if (r.maxSpans !== undefined) parts.push(`${r.maxSpans.toLocaleString('en-US')} spans`);
  if (r.maxAgeMs !== undefined) parts.push(describeAge(r.maxAgeMs));
  return parts.join(' / ');
}

function describeAge(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1_000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  }
  return `${ms} ms`;
}
