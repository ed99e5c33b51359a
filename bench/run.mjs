// pnpm bench: every figure of bench/RESULTS.md, measured in one run (`pnpm bench`, or
// `node bench/run.mjs [--quick]` after `pnpm build`; --quick shortens everything, the intake outage
// to 10 s, and writes bench/out/RESULTS.quick.md instead; --render rewrites RESULTS.md from the last
// full run's bench/out/results.json).
//
//   1. processor overhead per span: ours vs BatchSpanProcessor + no-op / + OTLP JSON exporter
//   2. side by side with dd-trace-js 6.x: CPU, bytes sent, peak RSS per span (Node 22; ours on 20 too)
//   3. span.end() latency on the application's thread
//   4. memory and delivery across a 60 s intake outage
//   5. throughput ceiling of mapping + encoding vs JSON.stringify of the same payload
//   6. gateway throughput: OTLP/protobuf in → LLM Observability out, one core
//   7. memory per live and per queued span, RSS with 10,000 open LLM spans
//
// A stage that fails (a worker that dies, a flush that times out on a busy machine) is reported as
// failed in RESULTS.md and the run goes on: the bench always finishes and writes its file.
//
// Everything talks to sinks on 127.0.0.1 in child processes. The machine may be shared: rounds of
// the things compared are interleaved (A B C A B C …) and medians reported, so that load from
// elsewhere hits every side alike; the load average is recorded.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { freePort, interleave, median, percentile, runJson, sleep, startSink, startWorker } from './lib/child.mjs';
import { ensureDdTrace, ensureNode22 } from './lib/setup.mjs';
import { snapshotBuiltPackages } from './lib/snapshot.mjs';
import { SCENARIOS } from './lib/spans.mjs';

const quick = process.argv.includes('--quick');
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const log = (...a) => console.error('[bench]', ...a);

// `--render`: write RESULTS.md again from the last full run's bench/out/results.json (text changes only).
if (process.argv.includes('--render')) {
  const { renderResults } = await import('./lib/report.mjs');
  const { PIPELINES } = await import('./lib/pipelines.mjs');
  writeFileSync(here('RESULTS.md'), renderResults(JSON.parse(readFileSync(here('out/results.json'), 'utf8')), PIPELINES, SCENARIOS));
  process.exit(0);
}
const results = { quick, startedAt: new Date().toISOString(), loadBefore: os.loadavg(), failures: {} };
const loadSamples = [];
const loadTimer = setInterval(() => loadSamples.push(os.loadavg()[0]), 10_000);
loadTimer.unref();

/** Runs one stage; what it throws is recorded as that stage's failure, and the run goes on. Workers and sinks it left are stopped. */
const leftovers = [];
async function stage(name, fn) {
  log(`stage: ${name}`);
  try {
    await fn();
  } catch (e) {
    results.failures[name] = e instanceof Error ? e.message : Array.isArray(e) ? e.map(String).join('; ') : String(e);
    log(`stage ${name} FAILED: ${results.failures[name]}`);
  } finally {
    for (const stop of leftovers.splice(0)) {
      try {
        await stop();
      } catch {
        // already gone
      }
    }
  }
}
const track = (handle) => {
  leftovers.push(handle.kill ? async () => handle.kill() : () => handle.close());
  return handle;
};

// ---------------------------------------------------------------------------------------------
// Setup and versions

// Other work may rebuild the packages during the run: measure one snapshot of their dist.
const snapshot = await snapshotBuiltPackages();
register('./lib/snapshot-hooks.mjs', import.meta.url, { data: { map: snapshot } });
const { PIPELINES } = await import('./lib/pipelines.mjs');
const node22 = ensureNode22();
const ddTraceVersion = ensureDdTrace();
const pkgVersion = (dir, name) => JSON.parse(readFileSync(here(`${dir}/node_modules/${name}/package.json`), 'utf8')).version;
const git = (...args) => {
  try {
    return execFileSync('git', args, { encoding: 'utf8', cwd: here('..') }).trim();
  } catch {
    return '';
  }
};
results.versions = {
  node20: process.version,
  node22: execFileSync(node22, ['--version'], { encoding: 'utf8' }).trim(),
  otelLlmobs: JSON.parse(readFileSync(here('../packages/otel-llmobs/package.json'), 'utf8')).version,
  commit: git('rev-parse', '--short', 'HEAD') + (git('status', '--porcelain', '--', 'packages/otel-llmobs/src') ? ' (+ uncommitted changes in packages/otel-llmobs/src)' : ''),
  sdkTraceBase: pkgVersion('.', '@opentelemetry/sdk-trace-base'),
  api: pkgVersion('.', '@opentelemetry/api'),
  exporterOtlpHttp: pkgVersion('.', '@opentelemetry/exporter-trace-otlp-http'),
  ddTrace: ddTraceVersion,
};
const cpus = os.cpus();
results.machine = {
  cpu: cpus[0]?.model ?? 'unknown',
  cores: cpus.length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()} ${os.arch()}`,
};
log('versions', results.versions, results.machine);

// ---------------------------------------------------------------------------------------------
// 1. Processor overhead per span (CPU time of the whole process, interleaved rounds)

const COST = quick ? { warmup: 3000, rounds: 3, perRound: 2000 } : { warmup: 8000, rounds: 9, perRound: 4000 };
results.overhead = {};
await stage('overhead', async () => {
  const sink = track(await startSink());
  for (const scenario of Object.keys(SCENARIOS)) {
    const names = scenario === 'chat' ? ['bare', 'bsp-noop', 'bsp-otlp', 'llmobs', 'llmobs-no-scan', 'llmobs-metrics', 'llmobs-batched'] : ['bare', 'bsp-noop', 'bsp-otlp', 'llmobs', 'llmobs-no-scan'];
    log(`overhead: ${scenario} (${names.join(', ')})`);
    const workers = [];
    for (const name of names) workers.push(track(await startWorker(here('overhead.mjs'), ['cost', name, scenario, sink.url])));
    const { samples, results: finals } = await interleave(workers, COST);
    results.overhead[scenario] = Object.fromEntries(names.map((name, i) => [name, { nsPerSpan: median(samples[i]), samples: samples[i], ...finals[i] }]));
  }
  results.overheadSink = await sink.stats();
});

// ---------------------------------------------------------------------------------------------
// 3. span.end() latency (one process per pipeline)

results.latency = {};
await stage('latency', async () => {
  const sink = track(await startSink());
  const names = ['bsp-noop', 'bsp-otlp', 'llmobs', 'llmobs-batched'];
  log(`latency: ${names.join(', ')}`);
  const workers = [];
  for (const name of names) workers.push(track(await startWorker(here('overhead.mjs'), ['latency', name, 'chat', sink.url])));
  const LAT = quick ? { warmup: 4000, rounds: 5, perRound: 4000 } : { warmup: 20_000, rounds: 25, perRound: 4000 };
  for (const w of workers) await w.ask({ cmd: 'warmup', n: LAT.warmup });
  const all = names.map(() => []);
  for (let r = 0; r < LAT.rounds; r++) {
    for (let i = 0; i < workers.length; i++) all[i].push(...(await workers[i].ask({ cmd: 'round', n: LAT.perRound })).samples);
  }
  for (let i = 0; i < workers.length; i++) {
    const { result } = await workers[i].ask({ cmd: 'finish' });
    await workers[i].exited;
    const sorted = Float64Array.from(all[i]).sort();
    results.latency[names[i]] = {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      p999: percentile(sorted, 99.9),
      max: sorted[sorted.length - 1],
      samples: sorted.length,
      ...result,
    };
  }
});

// ---------------------------------------------------------------------------------------------
// 2. Side by side with dd-trace-js (interleaved rounds; each side has its own sink)

const DD_ENV = {
  DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
  DD_REMOTE_CONFIGURATION_ENABLED: 'false',
  DD_TRACE_STARTUP_LOGS: 'false',
  DD_RUNTIME_METRICS_ENABLED: 'false',
  DD_PROFILING_ENABLED: 'false',
  DD_CRASHTRACKING_ENABLED: 'false',
  DD_TRACE_STATS_COMPUTATION_ENABLED: 'false',
  DD_DYNAMIC_INSTRUMENTATION_ENABLED: 'false',
};
await stage('side', async () => {
  const SIDE = quick ? { warmup: 1000, rounds: 3, perRound: 1000 } : { warmup: 3000, rounds: 7, perRound: 2500 };
  const sides = [
    { name: 'dd-trace', script: here('ddtrace/side-ddtrace.mjs'), execPath: node22 },
    { name: 'ours-node22', script: here('side-ours.mjs'), execPath: node22 },
    { name: 'ours-node20', script: here('side-ours.mjs'), execPath: process.execPath },
  ];
  for (const side of sides) {
    side.sink = track(await startSink());
    side.worker = track(await startWorker(side.script, [side.sink.url], side.execPath, { ...process.env, ...DD_ENV, DD_TRACE_AGENT_URL: side.sink.url }));
    side.expected = 0;
    side.cpu = [];
  }
  // Until the sink holds every span sent so far (delivery is part of the work measured).
  const delivered = async (side) => {
    for (let i = 0; i < 600; i++) {
      if ((await side.sink.stats()).llmobs.events >= side.expected) return true;
      await sleep(50);
    }
    return false;
  };
  log('side by side: warm-up');
  for (const side of sides) {
    side.expected += (await side.worker.ask({ cmd: 'run', iterations: SIDE.warmup })).spans;
    await delivered(side);
    side.sink.reset();
    side.expected = 0;
  }
  for (let r = 0; r < SIDE.rounds; r++) {
    for (const side of sides) {
      log(`side by side: round ${r + 1}/${SIDE.rounds} ${side.name}`);
      const { spans } = await side.worker.ask({ cmd: 'run', iterations: SIDE.perRound });
      side.expected += spans;
      side.complete = await delivered(side);
      const { cpuMicros } = await side.worker.ask({ cmd: 'cpu' });
      side.cpu.push((cpuMicros * 1000) / spans);
    }
  }
  await sleep(2500); // dd-trace's APM exporter flushes every 2 s: count its bytes too
  const bySide = {};
  for (const side of sides) {
    const stats = await side.sink.stats();
    const fin = await side.worker.ask({ cmd: 'finish' });
    bySide[side.name] = {
      node: fin.node,
      cpuNsPerSpan: median(side.cpu),
      samples: side.cpu,
      spans: side.expected,
      delivered: stats.llmobs.events,
      llmobsBytesPerSpan: stats.llmobs.bytes / side.expected,
      apmBytesPerSpan: stats.apm.bytes / side.expected,
      requests: stats.llmobs.requests,
      violations: stats.llmobs.violations,
      maxRssKiB: fin.maxRssKiB,
    };
  }
  results.side = bySide;
});

// ---------------------------------------------------------------------------------------------
// 4. Intake outage (variants in parallel, each against its own port)

await stage('outage', async () => {
  const outageSeconds = quick ? 10 : 60;
  const rate = 100;
  const variants = ['defaults', 'budget-covers-outage', 'small-queue'];
  log(`outage: ${outageSeconds} s at ${rate} spans/s (${variants.join(', ')})`);
  const runs = [];
  for (const variant of variants) {
    const port = await freePort();
    const worker = track(await startWorker(here('outage.mjs'), [String(port), variant, String(rate), String(outageSeconds)], process.execPath, process.env, ['--expose-gc']));
    runs.push({ variant, port, worker });
  }
  await Promise.all(runs.map((r) => r.worker.ask({ cmd: 'start' })));
  await sleep(outageSeconds * 1000);
  for (const r of runs) r.sink = track(await startSink(r.port));
  for (const r of runs) await r.worker.ask({ cmd: 'stop-load' });
  const outage = { outageSeconds, rate, variants: {} };
  for (const r of runs) {
    const out = await r.worker.ask({ cmd: 'flush' });
    await sleep(200);
    const sink = await r.sink.stats();
    const peakHeap = Math.max(...out.samples.map((s) => s.heapUsed));
    const peakQueuedBytes = Math.max(0, ...out.samples.map((s) => s.queuedBytes));
    outage.variants[r.variant] = {
      created: out.created,
      sent: out.stats.sent,
      delivered: sink.llmobs.events,
      violations: sink.llmobs.violations,
      dropped: out.stats.dropped,
      retries: out.stats.retries,
      flushMillis: out.flushMillis,
      baselineHeap: out.baselineHeap,
      peakHeapGrowth: peakHeap - out.baselineHeap,
      peakQueuedBytes,
      processor: out.processorStats,
      heapSeries: out.samples.map((s) => s.heapUsed),
    };
  }
  results.outage = outage;
});

// ---------------------------------------------------------------------------------------------
// 5. Throughput ceiling (one core, no I/O)

await stage('throughput', async () => {
  results.throughput = {
    node20: await runJson(process.execPath, here('throughput.mjs'), quick ? ['--quick'] : []),
    node22: await runJson(node22, here('throughput.mjs'), quick ? ['--quick'] : []),
  };
});

// ---------------------------------------------------------------------------------------------
// 6. Gateway throughput (OTLP/protobuf in → LLM Observability out; the gateway is one process: one core)

await stage('gateway', async () => {
  const G = quick ? { bodies: 40, perBody: 200, seconds: 10 } : { bodies: 150, perBody: 200, seconds: 30 };
  const sink = track(await startSink(0, 'count'));
  const gateway = track(await startWorker(here('gateway/server.mjs'), [sink.url]));
  const load = track(await startWorker(here('gateway/load.mjs'), [String(G.bodies), String(G.perBody)]));
  await gateway.ask({ cmd: 'mark' });
  const started = Date.now();
  const sent = await load.ask({ cmd: 'run', url: gateway.ready.url, seconds: G.seconds, concurrency: 4 });
  // Until the sink holds every accepted span (delivery is part of the work), at most 2 minutes.
  let delivered = 0;
  for (let i = 0; i < 2400 && delivered < sent.accepted; i++) {
    delivered = (await sink.stats()).llmobs.events;
    if (delivered < sent.accepted) await sleep(50);
  }
  const elapsedMs = Date.now() - started;
  const used = await gateway.ask({ cmd: 'cpu' });
  results.gateway = {
    ...sent,
    delivered,
    deliveredElapsedMs: elapsedMs,
    spansPerSecond: (delivered / elapsedMs) * 1000,
    cpuNsPerSpan: (used.cpuMicros * 1000) / Math.max(1, delivered),
    cpuSpansPerSecond: delivered / (used.cpuMicros / 1e6),
    peakRss: used.peakRss,
    refused: used.stats.requests.refused,
  };
  await gateway.ask({ cmd: 'close' });
});

// ---------------------------------------------------------------------------------------------
// 7. Memory per live / queued span (nothing listens at the intake URL: ended spans stay queued)

await stage('memory', async () => {
  const deadUrl = `http://127.0.0.1:${await freePort()}`;
  results.memory = {};
  for (const name of ['bsp-noop', 'llmobs']) {
    results.memory[name] = await runJson(process.execPath, here('memory.mjs'), [name, deadUrl, ...(quick ? ['--quick'] : [])], ['--expose-gc']);
  }
});
clearInterval(loadTimer);
results.loadDuring = loadSamples;

// ---------------------------------------------------------------------------------------------
// 8. Sensitive-data scanner (one core, no I/O)

await stage('sensitiveData', async () => {
  results.sensitiveData = {
    node20: await runJson(process.execPath, here('sensitive-data.mjs'), quick ? ['--quick'] : []),
    node22: await runJson(node22, here('sensitive-data.mjs'), quick ? ['--quick'] : []),
  };
});

// ---------------------------------------------------------------------------------------------
// 9. Managed evaluations (span.end() cost, judged/s)

await stage('evaluations', async () => {
  results.evaluations = await runJson(process.execPath, here('evaluations.mjs'), quick ? ['--quick'] : []);
});
results.loadAfter = os.loadavg();
results.finishedAt = new Date().toISOString();
mkdirSync(here('out'), { recursive: true });
writeFileSync(here('out/results.json'), `${JSON.stringify(results, null, 2)}\n`);
const { renderResults } = await import('./lib/report.mjs');
const target = quick ? here('out/RESULTS.quick.md') : here('RESULTS.md');
writeFileSync(target, renderResults(results, PIPELINES, SCENARIOS));
log(`wrote ${target}`);
