// A local sink on 127.0.0.1, run as a child process (so its CPU is not the benchmarked process's):
// plays the Datadog Agent (GET /info advertising the EVP proxy, /v0.4/traces for dd-trace's APM
// spans), the LLM Observability intake (agentless and /evp_proxy/v2/ paths), and an OTLP/HTTP
// collector (/v1/traces). It counts requests, bytes and events per route, and validates every LLM
// Observability body with the dev intake's validator (@otel-llmobs/cli).
//
// argv: [port] (0: any free port; a fixed port lets a test bring the intake back on the same one).
// IPC: {cmd:'stats'} → {stats}, {cmd:'reset'}, {cmd:'close'}.
import http from 'node:http';
import { validateSpanPayload } from '@otel-llmobs/cli';

const port = Number(process.argv[2] ?? 0);
// 'count': parse and count only (the gateway stage, where validating every body would compete for the CPU measured).
const validate = process.argv[3] !== 'count';
const empty = () => ({ requests: 0, bytes: 0, events: 0, violations: 0 });
let stats = { llmobs: empty(), otlp: empty(), apm: empty(), other: empty() };

function bucketOf(url) {
  if (url.endsWith('/api/v2/llmobs')) return 'llmobs';
  if (url.startsWith('/v1/traces')) return 'otlp';
  if (/^\/v0\.[45]\/traces/.test(url)) return 'apm';
  return 'other';
}

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  if (req.method === 'GET' && url === '/info') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ version: '7.60.0', endpoints: ['/v0.4/traces', '/v0.5/traces', '/v0.7/config', '/evp_proxy/v2/', '/evp_proxy/v4/', '/telemetry/proxy/'], client_drop_p0s: false }));
    return;
  }
  const chunks = [];
  let bytes = 0;
  req.on('data', (c) => {
    chunks.push(c);
    bytes += c.length;
  });
  req.on('end', () => {
    const bucket = bucketOf(url);
    const s = stats[bucket];
    s.requests++;
    s.bytes += bytes;
    try {
      if (bucket === 'llmobs') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        s.events += Array.isArray(body) ? body.reduce((n, env) => n + (Array.isArray(env?.spans) ? env.spans.length : 0), 0) : 0;
        if (validate) {
          const report = validateSpanPayload(body);
          s.violations += report.payload.filter((v) => v.severity === 'error').length;
          for (const e of report.events) s.violations += e.violations.filter((v) => v.severity === 'error').length;
        }
      } else if (bucket === 'otlp') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) s.events += (ss.spans ?? []).length;
      }
    } catch {
      s.violations++;
    }
    if (bucket === 'apm') {
      res.setHeader('content-type', 'application/json');
      res.end('{"rate_by_service":{}}');
    } else if (bucket === 'otlp') {
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    } else {
      res.statusCode = 202;
      res.end('{}');
    }
  });
});

server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.send?.({ ready: true, port: server.address().port }));
process.on('message', (msg) => {
  if (msg?.cmd === 'stats') process.send?.({ stats });
  else if (msg?.cmd === 'reset') stats = { llmobs: empty(), otlp: empty(), apm: empty(), other: empty() };
  else if (msg?.cmd === 'close') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
