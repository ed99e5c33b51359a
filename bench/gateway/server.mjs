// Part 6, the gateway side: `otel-llmobs gateway` (startGateway) on 127.0.0.1, sending to the sink.
// An IPC worker: {cmd:'cpu'} → CPU used since the last {cmd:'mark'}, RSS and the gateway's stats;
// {cmd:'close'} → drains (every buffered trace delivered) and exits.
// Usage: node bench/gateway/server.mjs <sinkUrl>
import { serveIpc } from '../lib/child.mjs';
import { startGateway } from '@otel-llmobs/cli';

const [sinkUrl] = process.argv.slice(2);
const gateway = await startGateway({
  port: 0,
  exporterOptions: { intakeUrl: sinkUrl, flushIntervalMillis: 200 },
  // Every span of the load is a root: it goes out once its trace has been quiet this long.
  buffer: { quietMs: 100 },
  warn: () => {},
});
let mark = process.cpuUsage();
let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
serveIpc(async (msg) => {
  if (msg.cmd === 'mark') {
    mark = process.cpuUsage();
    peakRss = process.memoryUsage().rss;
    process.send({ ok: true });
  } else if (msg.cmd === 'cpu') {
    const used = process.cpuUsage(mark);
    process.send({ cpuMicros: used.user + used.system, peakRss, stats: gateway.stats() });
  } else if (msg.cmd === 'close') {
    clearInterval(rssTimer);
    await gateway.close(5000);
    process.send({ closed: true });
    process.disconnect();
  }
});
process.send({ ready: true, url: gateway.url });
