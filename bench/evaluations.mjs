// Stage "evaluations" of `pnpm bench` (one process, run by bench/run.mjs through runJson; also
// `node bench/evaluations.mjs [--quick]` after `pnpm build`):
//
//   a. the added cost of span.end() with evaluations on: the chat span of lib/spans.mjs ended through
//      LLMObsSpanProcessor (no-op exporter) with and without `evaluations` (toxicity, sentiment,
//      failure_to_answer, language_mismatch), interleaved rounds, p50 and p99 of each end() call;
//   b. evaluations judged per second: a burst of spans against a fake OpenAI-compatible judge on
//      127.0.0.1 that answers at once (the runner's own overhead, not a model's latency).
//
// Prints one JSON line.
import { createServer } from 'node:http';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LLMObsSpanProcessor } from 'otel-llmobs';
import { CHAT_ATTRIBUTES } from './lib/spans.mjs';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 5 : 15;
const PER_ROUND = quick ? 2000 : 5000;
const JUDGED = quick ? 400 : 2000;

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

/** A judge that answers every request at once with the schema's first "clean" value. */
async function startJudge() {
  let requests = 0;
  const clean = ['not_toxic', 'neutral', 'answered', 'on_topic', 'no_injection', 'no_hallucination'];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      requests++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const props = body.response_format?.json_schema?.schema?.properties ?? {};
      const values = props.value?.enum ?? [];
      const verdict = { reasoning: 'Fine.', value: clean.find((v) => values.includes(v)) ?? values[0] };
      for (const [k, p] of Object.entries(props)) if (!(k in verdict)) verdict[k] = p.type === 'array' ? [] : (p.enum?.[0] ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: JSON.stringify(verdict) }, finish_reason: 'stop' }], usage: { prompt_tokens: 500, completion_tokens: 20 } }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, requests: () => requests, close: () => new Promise((r) => server.close(r)) };
}

const noopExporter = { export: (_spans, done) => done({ code: 0 }), shutdown: () => Promise.resolve(), forceFlush: () => Promise.resolve() };

function pipeline(evaluations) {
  const processor = new LLMObsSpanProcessor({ exporter: noopExporter, mlApp: 'bench', ...(evaluations ? { evaluations } : {}) });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  return { processor, provider, tracer: provider.getTracer('@traceloop/instrumentation-openai', '0.27.0') };
}

const evaluationsOn = (judgeUrl, extra = {}) => ({
  writer: false,
  judge: { provider: 'openai', apiKey: 'sk-bench', baseURL: `${judgeUrl}/v1`, concurrency: 8 },
  evaluators: { toxicity: {}, sentiment: {}, failure_to_answer: {}, language_mismatch: {} },
  budget: { maxCallsPerMinute: 1e9, maxTokensPerHour: 1e15, maxEvaluationsPerTrace: 1e9 },
  maxQueueSize: 1_000_000,
  ...extra,
});

/** Times each end() call (ns); the work queued for later is not in it, by design. */
function endTimes(p, n) {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const span = p.tracer.startSpan('chat gpt-4o-mini', { attributes: CHAT_ATTRIBUTES });
    const t0 = process.hrtime.bigint();
    span.end();
    out[i] = Number(process.hrtime.bigint() - t0);
  }
  return out;
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const judge = await startJudge();
const result = {};
{
  // a. span.end() cost, evaluations off vs on (sampled out after the first round's queue fills: a 0.0
  // sample rate would skip the queue; instead the judge drains it between rounds, as in a real app).
  const off = pipeline(undefined);
  const on = pipeline(evaluationsOn(judge.url));
  const samples = { off: [], on: [] };
  endTimes(off, 2000);
  endTimes(on, 2000);
  await Promise.all([off.processor.forceFlush(), on.processor.forceFlush()]);
  for (let r = 0; r < ROUNDS; r++) {
    samples.off.push(...endTimes(off, PER_ROUND));
    samples.on.push(...endTimes(on, PER_ROUND));
    await Promise.all([off.processor.forceFlush(), on.processor.forceFlush()]);
  }
  const sorted = (a) => Float64Array.from(a).sort();
  const s = { off: sorted(samples.off), on: sorted(samples.on) };
  result.spanEnd = {
    spans: s.off.length,
    offP50Ns: pct(s.off, 50),
    onP50Ns: pct(s.on, 50),
    addedP50Ns: pct(s.on, 50) - pct(s.off, 50),
    offP99Ns: pct(s.off, 99),
    onP99Ns: pct(s.on, 99),
    evaluationStats: on.processor.stats().evaluations,
  };
  await Promise.all([off.provider.shutdown(), on.provider.shutdown()]);
}
{
  // b. Judged per second: a burst of spans, then the time until every evaluation is submitted.
  const p = pipeline(evaluationsOn(judge.url, { evaluators: { toxicity: {}, sentiment: {} } }));
  const before = judge.requests();
  const started = process.hrtime.bigint();
  for (let i = 0; i < JUDGED / 2; i++) p.tracer.startSpan('chat gpt-4o-mini', { attributes: CHAT_ATTRIBUTES }).end();
  await p.processor.forceFlush();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stats = p.processor.stats().evaluations;
  result.judged = { evaluations: stats.submitted, judgeRequests: judge.requests() - before, seconds, perSecond: stats.submitted / seconds, concurrency: 8, stats };
  await p.provider.shutdown();
}
await judge.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
