import type { Context, TextMapPropagator } from '@opentelemetry/api';
import { context, createTraceState, defaultTextMapGetter, defaultTextMapSetter, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CTraceContextPropagator } from '../helpers/sdk.js';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getPropagatedLLMObsContext } from '../../src/runtime/propagated-context.js';
import { LLMObsPropagator } from '../../src/propagation/llmobs-propagator.js';
import { parseDatadogTags, parseDdMember, parseTracestate } from '../../src/propagation/datadog-headers.js';
import { traceIdFromWire, traceIdToWire } from '../../src/propagation/wire-values.js';
import { loadGolden } from '../helpers/golden.js';
import { blankProcessorEnv } from '../processor/env.js';
import type { Harness } from '../processor/harness.js';
import { byName, createHarness, resetRuntime } from '../processor/harness.js';

const harnesses: Harness[] = [];
function harness(...args: Parameters<typeof createHarness>): Harness {
  const h = createHarness(...args);
  harnesses.push(h);
  return h;
}
beforeEach(() => blankProcessorEnv());
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.shutdown();
  resetRuntime();
  vi.unstubAllEnvs();
});

const composite = (options?: ConstructorParameters<typeof LLMObsPropagator>[0]): TextMapPropagator =>
  new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new LLMObsPropagator(options)] });

function inject(propagator: TextMapPropagator, ctx: Context = context.active(), carrier: Record<string, string> = {}): Record<string, string> {
  propagator.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}

const GOLDEN = loadGolden('m-propagation').notes as {
  injected_headers: Record<string, string>;
  exported: { traceId: string; spanId: string };
};

/**
 * What dd-trace 6.21 reads from incoming headers for LLM Observability, reimplemented from its
 * source (text_map.js `_extractTags` / tracestate `t.*`, llmobs `normalizeLlmObsTraceId`): the
 * `_dd.p.*` trace tags, then the LLM Observability parent, trace id, ml_app and session.
 */
function ddTraceReads(headers: Record<string, string>, style: 'datadog' | 'tracecontext'): Record<string, string | undefined> {
  const tags: Record<string, string> = {};
  if (style === 'datadog') {
    for (const entry of headers['x-datadog-tags']!.split(',')) {
      const eq = entry.indexOf('=');
      const key = entry.slice(0, eq);
      const value = entry.slice(eq + 1);
      expect(key).toMatch(/^_dd\.p\.[\x21-\x2B\x2D-\x7E]+$/);
      expect(value).toMatch(/^[\x20-\x2B\x2D-\x7E]*$/);
      tags[key] = value;
    }
  } else {
    const dd = headers.tracestate!.split(',').find((m) => m.startsWith('dd='))!.slice(3);
    for (const entry of dd.split(';')) {
      const colon = entry.indexOf(':');
      const key = entry.slice(0, colon);
      if (key.startsWith('t.')) tags[`_dd.p.${key.slice(2)}`] = entry.slice(colon + 1).replace(/~/g, '=');
    }
  }
  const rawTraceId = tags['_dd.p.llmobs_trace_id'];
  let traceId = rawTraceId;
  if (rawTraceId && /^\d+$/.test(rawTraceId) && BigInt(rawTraceId) > (1n << 64n) - 1n) traceId = BigInt(rawTraceId).toString(16).padStart(32, '0');
  return {
    parentId: tags['_dd.p.llmobs_parent_id'],
    traceId,
    mlApp: tags['_dd.p.llmobs_ml_app'],
    sessionId: tags['_dd.p.llmobs_sid'],
    sampleRate: tags['_dd.p.llmobs_sr'],
    samplingDecision: tags['_dd.p.llmobs_sd'],
  };
}

describe('OTel service → dd-trace service', () => {
  it('injects the same keys, in the same order and formats, as dd-trace (golden m-propagation)', () => {
    const h = harness({ processor: { mlApp: 'golden-app' } });
    let headers: Record<string, string> = {};
    let exported = { traceId: '', spanId: '' };
    h.llmobs.trace({ kind: 'workflow', name: 'upstream', sessionId: 'sess-prop' }, (span) => {
      headers = inject(composite());
      exported = h.llmobs.exportSpan(span);
    });

    const llmobsEntries = (header: string) => header.split(',').filter((e) => e.startsWith('_dd.p.llmobs_'));
    const ours = llmobsEntries(headers['x-datadog-tags']!);
    const theirs = llmobsEntries(GOLDEN.injected_headers['x-datadog-tags']!);
    expect(ours.map((e) => e.split('=')[0])).toEqual(theirs.map((e) => e.split('=')[0]));
    expect(ours).toEqual([
      `_dd.p.llmobs_parent_id=${exported.spanId}`,
      '_dd.p.llmobs_ml_app=golden-app',
      '_dd.p.llmobs_sid=sess-prop',
      '_dd.p.llmobs_sr=1',
      '_dd.p.llmobs_sd=1',
      `_dd.p.llmobs_trace_id=${BigInt(`0x${exported.traceId}`).toString()}`,
    ]);

    const ddMember = (tracestate: string) => parseDdMember(parseTracestate(tracestate).find(([k]) => k === 'dd')![1]);
    const ourKeys = ddMember(headers.tracestate!).map(([k]) => k);
    const theirKeys = ddMember(GOLDEN.injected_headers.tracestate!)
      .map(([k]) => k)
      .filter((k) => k.startsWith('t.llmobs_'));
    expect(ourKeys).toEqual(theirKeys);
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('dd-trace reads our headers as our parent, LLM Observability trace, ml_app and session — from x-datadog-tags and from tracestate alone', () => {
    const h = harness({ processor: { mlApp: 'svc-a' } });
    h.llmobs.trace({ kind: 'agent', name: 'caller', sessionId: 'sess-1' }, (span) => {
      const headers = inject(composite());
      const expected = { parentId: h.llmobs.exportSpan(span).spanId, traceId: h.llmobs.exportSpan(span).traceId, mlApp: 'svc-a', sessionId: 'sess-1', sampleRate: '1', samplingDecision: '1' };
      expect(ddTraceReads(headers, 'datadog')).toEqual(expected);
      expect(ddTraceReads(headers, 'tracecontext')).toEqual(expected);
    });
  });

  it('propagates the nearest LLM Observability span and agent through plain spans (an HTTP client span is active at inject)', () => {
    const h = harness();
    h.llmobs.trace({ kind: 'agent', name: 'planner' }, (agent) => {
      const http = h.tracer.startSpan('POST /downstream');
      const headers = inject(composite(), trace.setSpan(context.active(), http));
      http.end();
      const tags = Object.fromEntries(parseDatadogTags(headers['x-datadog-tags']!)!);
      const agentId = BigInt(`0x${agent.spanContext().spanId}`).toString();
      expect(tags['_dd.p.llmobs_parent_id']).toBe(agentId);
      expect(tags['_dd.p.llmobs_pagent_span_id']).toBe(agentId);
      expect(tags['_dd.p.llmobs_pagent_name']).toBe('planner');
    });
  });

  it('injects nothing when no LLM Observability span is above the active span', () => {
    harness();
    const carrier = inject(new LLMObsPropagator());
    expect(carrier).toEqual({});
  });
});

describe('dd-trace service → OTel service', () => {
  it('extracts dd-trace’s exact headers into parent, LLM Observability trace id, ml_app, session and sampling', async () => {
    const h = harness({ processor: { mlApp: 'downstream-app' } });
    const incoming = composite().extract(ROOT_CONTEXT, { ...GOLDEN.injected_headers }, defaultTextMapGetter);
    const propagated = getPropagatedLLMObsContext(incoming);
    expect(propagated).toMatchObject({
      parentId: BigInt(GOLDEN.exported.spanId).toString(16).padStart(16, '0'),
      traceId: GOLDEN.exported.traceId,
      mlApp: 'golden-app',
      sessionId: 'sess-prop',
      sampleRate: 1,
      samplingDecision: true,
      remoteTraceId: '6b039663000000007fb554457057df11',
    });
    expect(propagated?.tags['_dd.p.dm']).toBe('-0');

    context.with(incoming, () => {
      h.llmobs.trace({ kind: 'workflow', name: 'downstream' }, () => {
        h.llmobs.trace({ kind: 'llm', name: 'chat' }, () => {});
      });
    });
    const spans = await h.exported();
    const downstream = byName(spans, 'downstream');
    expect(BigInt(`0x${downstream.parentId}`).toString()).toBe(GOLDEN.exported.spanId);
    expect(downstream.traceId).toBe(GOLDEN.exported.traceId);
    expect(downstream.apmTraceId).toBe('6b039663000000007fb554457057df11');
    expect(downstream.mlApp).toBe('golden-app');
    expect(downstream.sessionId).toBe('sess-prop');
    expect(byName(spans, 'chat').traceId).toBe(GOLDEN.exported.traceId);
    // exportSpan gives the id dd-trace's span events and evaluations join on.
    context.with(incoming, () => h.llmobs.trace({ kind: 'task', name: 't' }, (s) => expect(h.llmobs.exportSpan(s).traceId).toBe(GOLDEN.exported.traceId)));
  });

  it.each([
    ['x-datadog-tags only', (hdrs: Record<string, string>) => ({ ...hdrs, tracestate: '' })],
    ['tracestate only', (hdrs: Record<string, string>) => ({ ...hdrs, 'x-datadog-tags': '' })],
  ])('reads the same values from %s', (_label, strip) => {
    const incoming = composite().extract(ROOT_CONTEXT, strip(GOLDEN.injected_headers), defaultTextMapGetter);
    expect(getPropagatedLLMObsContext(incoming)).toMatchObject({ traceId: GOLDEN.exported.traceId, mlApp: 'golden-app', sessionId: 'sess-prop', samplingDecision: true });
  });

  it('passes the values on unchanged from a service in the middle that has no LLM span', () => {
    harness();
    const incoming = composite().extract(ROOT_CONTEXT, { ...GOLDEN.injected_headers }, defaultTextMapGetter);
    const middle = trace.getTracer('middle').startSpan('proxy', {}, incoming);
    const out = inject(composite(), trace.setSpan(incoming, middle));
    middle.end();
    const read = ddTraceReads(out, 'datadog');
    expect(read).toEqual({ parentId: GOLDEN.exported.spanId, traceId: GOLDEN.exported.traceId, mlApp: 'golden-app', sessionId: 'sess-prop', sampleRate: '1', samplingDecision: '1' });
  });
});

describe('header rules', () => {
  it('keeps other tracestate members and dd entries, moves dd to the front, and keeps other x-datadog-tags', () => {
    const h = harness();
    const remoteParent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
      isRemote: true,
      traceState: createTraceState('rojo=00f067aa0ba902b7,dd=s:1;t.dm:-0,congo=t61rcWkgMzE'),
    });
    context.with(remoteParent, () => {
      h.llmobs.trace({ kind: 'workflow', name: 'wf' }, () => {
        const headers = inject(composite(), context.active(), { 'x-datadog-tags': '_dd.p.dm=-0,_dd.p.tid=0af7651916cd43dd' });
        const members = parseTracestate(headers.tracestate!);
        expect(members.map(([k]) => k)).toEqual(['dd', 'rojo', 'congo']);
        const dd = parseDdMember(members[0]![1]).map(([k]) => k);
        expect(dd.slice(-2)).toEqual(['s', 't.dm']);
        expect(dd.filter((k) => k.startsWith('t.llmobs_'))).toHaveLength(5);
        expect(headers['x-datadog-tags']!.startsWith('_dd.p.dm=-0,_dd.p.tid=0af7651916cd43dd,_dd.p.llmobs_parent_id=')).toBe(true);
      });
    });
  });

  it('sanitizes values: x-datadog-tags has no comma, tracestate writes = as ~ and reads it back', () => {
    const h = harness({ processor: { mlApp: 'app=v2' } });
    h.llmobs.trace({ kind: 'workflow', name: 'wf', sessionId: 'a,b;c~d=é' }, () => {
      const headers = inject(composite());
      const tags = Object.fromEntries(parseDatadogTags(headers['x-datadog-tags']!)!);
      expect(tags['_dd.p.llmobs_sid']).toBe('a_b;c~d=_');
      expect(tags['_dd.p.llmobs_ml_app']).toBe('app=v2');
      const dd = Object.fromEntries(parseDdMember(parseTracestate(headers.tracestate!).find(([k]) => k === 'dd')![1]));
      expect(dd['t.llmobs_sid']).toBe('a_b_c_d~_');
      expect(dd['t.llmobs_ml_app']).toBe('app~v2');
      const back = getPropagatedLLMObsContext(new LLMObsPropagator().extract(ROOT_CONTEXT, { tracestate: headers.tracestate }, defaultTextMapGetter));
      expect(back?.mlApp).toBe('app=v2');
      expect(headers.tracestate).not.toMatch(/[^\x20-\x7e]/);
    });
  });

  it('respects the x-datadog-tags length budget: drops the least important values first; 0 turns propagation off', () => {
    const h = harness({ processor: { mlApp: 'an-application-with-a-rather-long-name' } });
    h.llmobs.trace({ kind: 'agent', name: 'agent-with-a-long-name', sessionId: 'a-session-id-that-is-quite-long-too' }, () => {
      const full = inject(composite());
      expect(full['x-datadog-tags']!.length).toBeGreaterThan(200);
      const tight = inject(composite({ maxTagsLength: 160 }));
      const keys = parseDatadogTags(tight['x-datadog-tags']!)!.map(([k]) => k);
      expect(tight['x-datadog-tags']!.length).toBeLessThanOrEqual(160);
      expect(keys).toContain('_dd.p.llmobs_parent_id');
      expect(keys).toContain('_dd.p.llmobs_trace_id');
      expect(keys).not.toContain('_dd.p.llmobs_pagent_name');
      vi.stubEnv('DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH', '0');
      const off = inject(new LLMObsPropagator());
      expect(off).toEqual({});
      expect(getPropagatedLLMObsContext(new LLMObsPropagator().extract(ROOT_CONTEXT, { ...GOLDEN.injected_headers }, defaultTextMapGetter))).toBeUndefined();
    });
  });

  it('ignores an x-datadog-tags header over the budget, or malformed (as dd-trace)', () => {
    const long = `_dd.p.llmobs_ml_app=${'x'.repeat(600)}`;
    expect(getPropagatedLLMObsContext(new LLMObsPropagator().extract(ROOT_CONTEXT, { 'x-datadog-tags': long }, defaultTextMapGetter))).toBeUndefined();
    expect(getPropagatedLLMObsContext(new LLMObsPropagator().extract(ROOT_CONTEXT, { 'x-datadog-tags': 'not a tag,_dd.p.llmobs_ml_app=a' }, defaultTextMapGetter))).toBeUndefined();
  });

  it('converts LLM Observability trace ids between 32 hex and the decimal 128-bit wire form', () => {
    expect(traceIdToWire('6b039663000000003c828f49aba0574e')).toBe('142246022644590239550686165723351373646');
    expect(traceIdFromWire('142246022644590239550686165723351373646')).toBe('6b039663000000003c828f49aba0574e');
    expect(traceIdFromWire('12345')).toBe('00000000000000000000000000003039');
    expect(traceIdFromWire('0af7651916cd43dd8448eb211c80319c')).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(traceIdFromWire('not-a-number')).toBeUndefined();
    expect(new LLMObsPropagator().fields()).toEqual(['x-datadog-tags', 'tracestate']);
  });
});

describe('two services over HTTP on 127.0.0.1 (two tracer providers, one process)', () => {
  it('gives one LLM Observability trace: parent, trace id, ml_app, session and agent cross the hop', async () => {
    const serviceA = harness({ processor: { mlApp: 'frontend' } });
    const serviceB = harness({ processor: { mlApp: 'backend' } });
    const propagator = composite();

    const server = createServer((req, res) => {
      const incoming = propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
      const serverSpan = serviceB.tracer.startSpan(`${req.method} ${req.url}`, {}, incoming);
      context.with(trace.setSpan(incoming, serverSpan), () => {
        const answer = serviceB.llmobs.trace({ kind: 'tool', name: 'lookup-weather' }, () => {
          serviceB.llmobs.trace({ kind: 'llm', name: 'summarize', modelName: 'gpt-4o' }, () => serviceB.llmobs.annotate({ outputData: 'sunny' }));
          serviceB.llmobs.annotate({ outputData: 'sunny' });
          return 'sunny';
        });
        serverSpan.end();
        res.end(answer);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;

    try {
      const body = await serviceA.llmobs.trace({ kind: 'agent', name: 'assistant', sessionId: 'chat-42' }, async () => {
        const client = serviceA.tracer.startSpan('GET /weather');
        const headers: Record<string, string> = {};
        propagator.inject(trace.setSpan(context.active(), client), headers, defaultTextMapSetter);
        const text = await new Promise<string>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path: '/weather', headers }, (res) => {
            let data = '';
            res.on('data', (chunk: Buffer) => (data += chunk.toString()));
            res.on('end', () => resolve(data));
          });
          req.on('error', reject);
          req.end();
        });
        client.end();
        return text;
      });
      expect(body).toBe('sunny');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }

    const a = await serviceA.exported();
    const b = await serviceB.exported();
    const assistant = byName(a, 'assistant');
    const tool = byName(b, 'lookup-weather');
    const summarize = byName(b, 'summarize');
    expect(tool.parentId).toBe(assistant.spanId);
    expect(summarize.parentId).toBe(tool.spanId);
    for (const span of [tool, summarize]) {
      expect(span.traceId).toBe(assistant.traceId);
      expect(span.mlApp).toBe('frontend');
      expect(span.sessionId).toBe('chat-42');
      expect(span.agentAttribution).toEqual({ name: 'assistant', spanId: assistant.spanId });
    }
    expect(tool.apmTraceId).toBeUndefined(); // both services are OTel: the trace ids agree
  });

  it('works through the global propagation API too', () => {
    const h = harness();
    propagation.setGlobalPropagator(composite());
    try {
      h.llmobs.trace({ kind: 'workflow', name: 'wf' }, () => {
        const carrier: Record<string, string> = {};
        propagation.inject(context.active(), carrier);
        expect(Object.keys(carrier).sort()).toEqual(['traceparent', 'tracestate', 'x-datadog-tags']);
      });
    } finally {
      propagation.disable();
    }
  });
});
