// Part 5: throughput ceiling of mapping + encoding on one core (this process, no I/O), against
// JSON.stringify of the same wire payload (the physical floor of producing that JSON).
// Prints one JSON line. Usage: node bench/throughput.mjs [--quick]
import { encodeSpanEvent, encodeSpanEventsPayload, mapSpan } from 'otel-llmobs/internals';
import { CHAT_ATTRIBUTES, EMBEDDING_ATTRIBUTES, RESOURCE_ATTRIBUTES, TOOL_ATTRIBUTES } from './lib/spans.mjs';

const quick = process.argv.includes('--quick');
const SECONDS = quick ? 0.5 : 2;
const ROUNDS = quick ? 3 : 9;

const spanData = (name, attributes, scope) => ({
  name,
  attributes,
  events: [],
  status: { code: 0 },
  resource: { attributes: RESOURCE_ATTRIBUTES },
  instrumentationScope: { name: scope, version: '0.27.0' },
});
const CASES = {
  chat: spanData('chat gpt-4o-mini', CHAT_ATTRIBUTES, '@traceloop/instrumentation-openai'),
  tool: spanData('get_weather.tool', TOOL_ATTRIBUTES, '@traceloop/node-server-sdk'),
  embedding: spanData('embeddings text-embedding-3-small', EMBEDDING_ATTRIBUTES, '@traceloop/instrumentation-openai'),
};
const ctx = { service: 'bench-svc', env: 'bench', version: '' };

/** Completes the mapped span in place, as the processor does (a spread here would cost ~11 µs on Node 20). */
function place(mapped, i) {
  mapped.traceId = '0af7651916cd43dd8448eb211c80319c';
  mapped.spanId = (0x1000000000000 + i).toString(16).padStart(16, '0');
  mapped.parentId = 'b7ad6b7169203331';
  mapped.startTime = [1_795_397_852, 516_000_000];
  mapped.durationNs = 58_938_251;
  mapped.mlApp = 'bench';
  mapped.sampling = { rate: 1, decision: true };
  return mapped;
}

/** Operations per second of fn over `seconds` (after the caller's warm-up). */
function rate(fn, seconds) {
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let j = 0; j < 200; j++) fn(n++);
    elapsed = process.hrtime.bigint() - start;
  }
  return n / (Number(elapsed) / 1e9);
}

/**
 * Every function of a cell in interleaved rounds (A B C D A B C D …), SECONDS each in all, and the
 * median rate of each: on a shared machine, load that comes and goes hits all of them alike.
 */
function interleavedRates(fns) {
  for (const fn of Object.values(fns)) for (let i = 0; i < 2000; i++) fn(i);
  const samples = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) for (const [k, fn] of Object.entries(fns)) samples[k].push(rate(fn, SECONDS / ROUNDS));
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.sort((a, b) => a - b)[Math.floor(v.length / 2)]]));
}

const out = {};
for (const [name, data] of Object.entries(CASES)) {
  const mapped = mapSpan(data);
  const model = place(mapped, 1);
  const event = encodeSpanEvent(model, ctx);
  const payloadBytes = encodeSpanEventsPayload([model], ctx).length;
  let sink = 0;
  out[name] = {
    payloadBytes,
    ...interleavedRates({
      mapAndEncode: (i) => {
        sink += encodeSpanEventsPayload([place(mapSpan(data), i)], ctx).length;
      },
      map: () => {
        sink += mapSpan(data) ? 1 : 0;
      },
      encode: (i) => {
        model.spanId = (0x1000000000000 + i).toString(16).padStart(16, '0');
        sink += encodeSpanEventsPayload([model], ctx).length;
      },
      stringify: () => {
        sink += JSON.stringify([{ '_dd.stage': 'raw', '_dd.tracer_version': '0.1.0', event_type: 'span', spans: [event] }]).length;
      },
    }),
  };
  if (sink < 0) console.error(sink);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
