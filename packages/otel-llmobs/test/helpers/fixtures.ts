import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Attributes } from '@opentelemetry/api';
import type { HrTime } from '../../src/conventions/model.js';
import type { SpanData } from '../../src/mapping/span-data.js';

/** `../shared/fixtures` from the repository root: spans captured from the real libraries. */
export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/fixtures');

interface FixtureSpanJson {
  name: string;
  kind: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status: { code: 'UNSET' | 'OK' | 'ERROR'; message?: string };
  attributes: Attributes;
  events: Array<{ name: string; time: string; attributes?: Attributes }>;
  links: unknown[];
  instrumentationScope: { name: string; version?: string };
  resource: Attributes;
}

export interface FixtureFile {
  /** `<library>/<scenario>`, e.g. `traceloop-openai/chat`. */
  id: string;
  library: string;
  scenario: string;
  spans: FixtureSpan[];
}

/** A captured span as `SpanData` plus its ids and times. */
export interface FixtureSpan extends SpanData {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  startTime: HrTime;
  endTime: HrTime;
  otelKind: string;
}

const STATUS_CODES = { UNSET: 0, OK: 1, ERROR: 2 } as const;

export function nanosToHrTime(nanos: string): HrTime {
  const n = BigInt(nanos);
  return [Number(n / 1_000_000_000n), Number(n % 1_000_000_000n)];
}

function isoToHrTime(iso: string): HrTime {
  const ms = Date.parse(iso);
  return [Math.floor(ms / 1000), (ms % 1000) * 1_000_000];
}

export function toFixtureSpan(s: FixtureSpanJson): FixtureSpan {
  return {
    name: s.name,
    attributes: s.attributes,
    events: s.events.map((e) => ({ name: e.name, time: isoToHrTime(e.time), attributes: e.attributes ?? {} })),
    status: { code: STATUS_CODES[s.status.code], message: s.status.message },
    instrumentationScope: s.instrumentationScope,
    resource: { attributes: s.resource },
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId ?? undefined,
    startTime: nanosToHrTime(s.startTimeUnixNano),
    endTime: nanosToHrTime(s.endTimeUnixNano),
    otelKind: s.kind,
  };
}

export function loadFixture(id: string): FixtureFile {
  const json = JSON.parse(readFileSync(join(FIXTURES_DIR, `${id}.json`), 'utf8')) as {
    library: string;
    scenario: string;
    spans: FixtureSpanJson[];
  };
  return { id, library: json.library, scenario: json.scenario, spans: json.spans.map(toFixtureSpan) };
}

/** Every fixture file id under `../shared/fixtures` (skips the capture scripts). */
export function listFixtureIds(): string[] {
  const ids: string[] = [];
  for (const dir of readdirSync(FIXTURES_DIR, { withFileTypes: true })) {
    if (!dir.isDirectory() || dir.name === 'capture') continue;
    for (const file of readdirSync(join(FIXTURES_DIR, dir.name))) {
      if (file.endsWith('.json')) ids.push(relative(FIXTURES_DIR, join(FIXTURES_DIR, dir.name, file)).replace(/\.json$/, ''));
    }
  }
  return ids.sort();
}
