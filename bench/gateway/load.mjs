// Part 6, the client side: OTLP/protobuf requests of chat spans (~2 KB each, one trace per span),
// serialized before the clock starts, POSTed to the gateway with `concurrency` requests in flight
// until `seconds` pass. 429 / 503 are retried after their Retry-After, as the OTLP exporters do.
// An IPC worker: {cmd:'run', url, seconds, concurrency} → {accepted, requests, statuses, elapsedMs}.
// Usage: node bench/gateway/load.mjs <bodies> <spansPerBody>
import { serveIpc } from '../lib/child.mjs';
import { SpanKind } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { CHAT_ATTRIBUTES, RESOURCE_ATTRIBUTES, tracersFor } from '../lib/spans.mjs';

const [bodyCount, spansPerBody] = process.argv.slice(2).map(Number);
const memory = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ resource: resourceFromAttributes(RESOURCE_ATTRIBUTES), spanProcessors: [new SimpleSpanProcessor(memory)] });
const { openai } = tracersFor(provider);
const bodies = [];
for (let b = 0; b < bodyCount; b++) {
  for (let i = 0; i < spansPerBody; i++) openai.startSpan('chat gpt-4o-mini', { kind: SpanKind.CLIENT, attributes: CHAT_ATTRIBUTES }).end();
  bodies.push(ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans()));
  memory.reset();
}
const bodyBytes = bodies.reduce((n, b) => n + b.length, 0) / bodies.length;

async function post(url, body) {
  for (;;) {
    const res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
    await res.arrayBuffer();
    if (res.status !== 429 && res.status !== 503) return res.status;
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    const retryAfter = Number(res.headers.get('retry-after'));
    await new Promise((resolve) => setTimeout(resolve, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 200));
  }
}

let statuses = {};
serveIpc(async (msg) => {
  if (msg.cmd !== 'run') return;
  statuses = {};
  let next = 0;
  let accepted = 0;
  let requests = 0;
  const start = Date.now();
  const worker = async () => {
    while (Date.now() - start < msg.seconds * 1000 && next < bodies.length) {
      const status = await post(msg.url, bodies[next++]);
      requests++;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 200) accepted += spansPerBody;
    }
  };
  await Promise.all(Array.from({ length: msg.concurrency }, worker));
  process.send({ accepted, requests, statuses, elapsedMs: Date.now() - start, bodyBytes, exhausted: next >= bodies.length });
});
process.send({ ready: true });
