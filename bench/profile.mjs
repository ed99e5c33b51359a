// A driver for profiling one pipeline × scenario outside `pnpm bench`: a sink child process, the
// spans of bench/overhead.mjs emitted 64 per event-loop turn, a flush every `perRound` spans, the
// process's CPU per span printed per round (median last). Not part of `pnpm bench`.
// Usage: node [--cpu-prof] bench/profile.mjs <pipeline> <scenario> [rounds=10] [perRound=4000]
import { createPipeline } from './lib/pipelines.mjs';
import { SCENARIOS, tracersFor } from './lib/spans.mjs';
import { median, startSink, tick } from './lib/child.mjs';

const [pipelineName = 'llmobs-no-scan', scenarioName = 'chat', roundsArg = '10', perRoundArg = '4000'] = process.argv.slice(2);
const sink = await startSink();
const pipeline = createPipeline(pipelineName, sink.url);
const tracers = tracersFor(pipeline.provider);
const scenario = SCENARIOS[scenarioName];

async function emit(count) {
  let emitted = 0;
  while (emitted < count) {
    for (let i = 0; i < 64 && emitted < count; ) {
      const n = scenario.emit(tracers);
      emitted += n;
      i += n;
    }
    await tick();
  }
  return emitted;
}

const perRound = Number(perRoundArg);
await emit(perRound);
await pipeline.flush();
const samples = [];
for (let r = 0; r < Number(roundsArg); r++) {
  const before = process.cpuUsage();
  const emitted = await emit(perRound);
  await pipeline.flush();
  const used = process.cpuUsage(before);
  samples.push(((used.user + used.system) * 1000) / emitted / 1000);
}
await pipeline.provider.shutdown();
await sink.close();
console.log(`${pipelineName} ${scenarioName}: CPU µs/span per round ${samples.map((s) => s.toFixed(1)).join(' ')}; median ${median(samples).toFixed(1)}; exported ${pipeline.exported()}, dropped ${pipeline.dropped()}`);
