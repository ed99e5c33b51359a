// Sensitive-data scanner (spec sensitive-data.md §8): µs per KB of scanned text on typical chat and
// tool text and on text where the pre-filter finds nothing, a 100 KB prompt, 100 KB vs 1 MB (time
// must grow linearly), and the adversarial inputs of the property test. One process, no I/O; the
// median of several timed runs (CPU time) per case after a warm-up. Prints one JSON line.
// Usage: node bench/sensitive-data.mjs [--quick]. lib/sensitive-data-report.mjs formats it for RESULTS.md.
import { scanSensitiveData } from 'otel-llmobs';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 5 : 15;

// Typical LLM traffic: prose, a JSON tool call and result with ids, timestamps, prices and versions,
// and now and then an email, a phone number or a key (about one finding per 500 characters).
const TYPICAL_UNIT = [
  'The assistant reviewed the ticket and suggested restarting the worker after the cache is warmed; ',
  'the customer can be reached at ana.lopez@corp-mail.es or +1 303 884 4298 if the issue persists. ',
  '{"tool":"lookup_order","arguments":{"order_id":"78ccee68-5021-4b3f-bead-86fe44ea5e81","created_at":1773119230,',
  '"total":"9.587,54 €","sku":"SKU-340186"},"result":{"status":"shipped","eta":"2025-08-13T10:00:00Z","carrier":"UPS"}}\n',
  'Deploy v11.18.18 finished on build 10.0.19443.382; commit 18d851906843cd61fd13317e01799c6587b047c8 is live. ',
  'Client 10.30.192.25 retried 3 times in 1500 ms. Summary: the refund of 120.50 USD was approved on 2025-07-06. ',
].join('');
// Text the pre-filter rules out: no digit, no `@`, no issuer prefix, no keyword.
const PLAIN_UNIT =
  'The quick brown fox jumps over the lazy dog while the assistant explains how to configure the service, ' +
  'what the retry policy is, and why the cache should be warmed before deploying the new release to everyone. ';

const repeatTo = (unit, chars) => unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);

// CPU time, not wall time: on a shared machine a long scan is preempted more often than a short
// one, and wall time would make a linear scan look superlinear.
function timeMs(text) {
  const start = process.cpuUsage();
  scanSensitiveData(text);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * Median time of RUNS scans after a warm-up, in ms and µs per KB. The warm-up runs until the code
 * is optimized (at least 20 scans and 200 ms): with 3, the first case measured (typical 100 KB) still
 * timed compilation and its garbage, and read 2–4× its steady state.
 */
function measure(text, runs = RUNS) {
  const warmUntil = performance.now() + 200;
  for (let i = 0; i < 20 || performance.now() < warmUntil; i++) scanSensitiveData(text);
  const times = [];
  for (let i = 0; i < runs; i++) times.push(timeMs(text));
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  return { kb: Math.round(text.length / 1024), ms: round(ms, 3), usPerKb: round((ms * 1000) / (text.length / 1024), 2), findings: scanSensitiveData(text).length };
}
const round = (n, d) => Math.round(n * 10 ** d) / 10 ** d;

const out = { node: process.version };
out.typical100k = measure(repeatTo(TYPICAL_UNIT, 100 * 1024));
out.typical1m = measure(repeatTo(TYPICAL_UNIT, 1000 * 1024), quick ? 3 : 7);
out.plain100k = measure(repeatTo(PLAIN_UNIT, 100 * 1024));
out.plain1m = measure(repeatTo(PLAIN_UNIT, 1000 * 1024), quick ? 3 : 7);
// Short strings (a chat message each) pay the per-call cost: the figure a span of many small fields sees.
{
  const messages = TYPICAL_UNIT.match(/[^.;\n]+[.;\n]/g);
  for (let i = 0; i < 200; i++) for (const m of messages) scanSensitiveData(m);
  const chars = messages.reduce((a, m) => a + m.length, 0);
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < 50; i++) for (const m of messages) scanSensitiveData(m);
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000 / 50);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  out.shortMessages = { count: messages.length, avgChars: Math.round(chars / messages.length), usPerKb: round((ms * 1000) / (chars / 1024), 2) };
}
out.linearity = { typical: round(out.typical1m.ms / out.typical100k.ms, 2), plain: round(out.plain1m.ms / out.plain100k.ms, 2) };

const ADVERSARIAL = {
  '100 KB of `a@`': () => 'a@'.repeat(51_200),
  '`.` × 100k': () => '.'.repeat(100_000),
  '`-` × 100k': () => '-'.repeat(100_000),
  'digits × 1M': () => '7'.repeat(999_999),
  '`eyJ` + `A` × 1M': () => `eyJ${'A'.repeat(999_990)}`,
  'BEGIN PRIVATE KEY, no END': () => `-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n'.repeat(3000)}`,
  'base64 × 1M': () => 'Zm9vYmFyYmF6cXV4+/'.repeat(55_000),
  '`4111 ` × 100k': () => '4111 '.repeat(100_000),
};
out.adversarial = {};
for (const [name, make] of Object.entries(ADVERSARIAL)) out.adversarial[name] = measure(make(), quick ? 3 : 5);

console.log(JSON.stringify(out));
