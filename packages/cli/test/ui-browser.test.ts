// The viewer end to end in a real browser (Debian's chromium driven by playwright-core; no browser
// download): golden dd-trace-js payloads posted to the dev intake, then read through the UI.
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { viewerBuildOptions } from '../viewer-build.js';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, NO_CHROMIUM } from './helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldenRequestsOf, replayHeaders } from './helpers/golden.js';
import { startTestDev, tempDir, type TestDev } from './helpers/dev-server.js';
import { spanEvent, spanPayload } from './helpers/payloads.js';

const SCREENSHOTS = join(tmpdir(), 'otel-llmobs-ui-screenshots');
const XSS = '<img src=x onerror=window.__xss=1>';

let dev: TestDev;
let context: BrowserContext;
let page: Page;
let uiDir: string;
let profileDir: string;
const pageErrors: string[] = [];

/** Bundle the viewer from source, as tsup does for dist/ui. */
async function buildUi(): Promise<string> {
  const out = tempDir('otel-llmobs-ui-');
  await build({
    ...viewerBuildOptions,
    outdir: out,
    logLevel: 'silent',
  });
  return out;
}

async function postGolden(file: string): Promise<void> {
  for (const r of goldenRequestsOf(file)) {
    const res = await dev.post(r.path, r.body_raw, replayHeaders(r.headers));
    expect(res.status).toBe(202);
  }
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

describe.skipIf(NO_CHROMIUM)('viewer in chromium', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    uiDir = await buildUi();
    dev = await startTestDev({ uiDir });
    for (const file of ['b-tree-session', 'h-tool-calls', 'e-prompt', 'g-evaluations', 'c-retrieval', 'f-error', 'i-misc']) await postGolden(file);
    // A span from an untrusted app, carrying markup everywhere it can.
    const evil = spanEvent({
      name: XSS,
      kind: 'llm',
      ml_app: 'xss-app',
      session_id: XSS,
      input: { messages: [{ role: XSS, content: XSS }] },
      output: { messages: [{ role: 'assistant', content: `"><script>window.__xss=2</script>`, tool_calls: [{ name: XSS, arguments: { [XSS]: XSS }, tool_id: XSS, type: 'function' }] }] },
      extraMeta: { metadata: { [XSS]: XSS } },
    });
    evil.tags.push(`${XSS}:${XSS}`);
    expect((await dev.post('/api/v2/llmobs', spanPayload(evil), { 'content-type': 'application/json', 'dd-api-key': 'k' })).json.errors).toBe(0);
    // And a payload that breaks the contract, for the Problems view.
    const broken = spanEvent({ name: 'broken', kind: 'llm' });
    broken.span_id = 'f00d';
    await dev.post('/evp_proxy/v2/api/v2/llmobs', spanPayload(broken), { 'content-type': 'application/json', 'x-datadog-evp-subdomain': 'llmobs-intake' });

    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    ({ context, page, profileDir } = await launchBrowser(pageErrors));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await dev?.dispose();
    if (uiDir) rmSync(uiDir, { recursive: true, force: true });
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('lists traces and filters them by ml_app', async () => {
    await page.goto(`${dev.server.url}/`);
    await page.locator('.traces-table tbody tr').first().waitFor();
    const allRows = await page.locator('.traces-table tbody tr').count();
    expect(allRows).toBeGreaterThanOrEqual(10);
    await expect.poll(() => page.locator('.nav-count').textContent()).toBe('1');
    await shot('1-traces');

    await page.selectOption('select[name=ml_app]', 'golden-app');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toContain('ml_app=golden-app');
    await expect.poll(async () => page.locator('.traces-table tbody tr').count()).toBeLessThan(allRows);
    const apps = await page.locator('.traces-table tbody tr td:nth-child(3)').allTextContents();
    expect(new Set(apps)).toEqual(new Set(['golden-app']));
    const names = await page.locator('.traces-table .trace-name').allTextContents();
    expect(names).toEqual(expect.arrayContaining(['handle-request', 'tool-calling-llm', 'rag-answer', 'evaluated-llm']));
    expect(names).not.toContain(XSS);
    expect(names).not.toContain('renamed-by-context');
  });

  it('opens a trace and shows the llm span: messages, tool calls, tool results', async () => {
    await page.locator('.traces-table tr', { hasText: 'tool-calling-llm' }).click();
    await page.locator('.span-detail').waitFor();
    expect(await page.locator('.span-title').textContent()).toContain('tool-calling-llm');
    const input = page.locator('.panel', { hasText: 'Input' }).first();
    expect(await input.locator('.msg.role-user .msg-content').first().textContent()).toBe('Weather in Paris?');
    const call = input.locator('.tool-call').first();
    expect(await call.locator('.tool-name').textContent()).toBe('get_weather');
    expect(await call.locator('.tool-id').textContent()).toBe('call_1');
    expect(JSON.parse((await call.locator('.tool-args').textContent())!)).toEqual({ city: 'Paris' });
    const result = input.locator('.tool-result').first();
    expect(await result.locator('.tool-name').textContent()).toBe('get_weather');
    expect(await result.locator('.json').textContent()).toContain('"temp": 21');
    const output = page.locator('.panel', { hasText: 'Output' }).first();
    expect(await output.locator('.tool-call .tool-name').textContent()).toBe('get_time');
    expect(await page.locator('.tool-def summary').allTextContents()).toEqual([expect.stringContaining('get_weather'), expect.stringContaining('get_time')]);
    await shot('2-trace-tool-calls');
  });

  it('shows the tree of an agent trace, and the tokens and model of its llm span', async () => {
    await page.goto(`${dev.server.url}/#/traces?ml_app=golden-app`);
    await page.locator('.traces-table tr', { hasText: 'handle-request' }).click();
    await page.locator('.waterfall .wf-row').nth(3).waitFor();
    const rows = await page.locator('.waterfall .wf-row .wf-name').allTextContents();
    expect(rows).toEqual(['handle-request', 'weather-agent', 'get_weather', 'summarize']);
    const kinds = await page.locator('.waterfall .wf-row').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { kind?: string } }).dataset.kind));
    expect(kinds).toEqual(['workflow', 'agent', 'tool', 'llm']);
    await page.locator('.wf-row', { hasText: 'summarize' }).click();
    await expect.poll(() => page.locator('.span-title').textContent()).toContain('summarize');
    expect(await page.locator('.span-meta .tokens').textContent()).toBe('30→8 tok');
    expect(await page.locator('.span-meta .model').textContent()).toBe('anthropic / claude-3-5-sonnet');
    expect(await page.locator('.panel', { hasText: 'Output' }).first().locator('.msg-content').textContent()).toBe('It is 21C in Paris.');
    expect(await page.locator('.trace-meta .chip-session').textContent()).toContain('session-1234');
    await shot('3-trace-tree-llm');
  });

  it('shows evaluations joined to the span', async () => {
    await page.goto(`${dev.server.url}/#/traces?ml_app=golden-app`);
    await page.locator('.traces-table tr', { hasText: 'evaluated-llm' }).click();
    await page.locator('.evals').waitFor();
    expect(await page.locator('.wf-row .badge-eval').textContent()).toBe('◆ 5');
    const cards = page.locator('.eval');
    const labels = await cards.locator('.eval-label').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['sentiment', 'relevance', 'toxic', 'details', 'thumbs']));
    const relevance = page.locator('.eval[data-label="relevance"]');
    expect(await relevance.locator('.eval-score').textContent()).toBe('0.87');
    expect(await relevance.locator('.badge').textContent()).toBe('pass');
    expect(await relevance.locator('.eval-reasoning').textContent()).toBe('mostly relevant');
    expect(await page.locator('.eval[data-label="sentiment"] .eval-text').textContent()).toBe('positive');
    await shot('4-evaluations');
  });

  it('renders a prompt template with its variables and RAG keys', async () => {
    await page.goto(`${dev.server.url}/#/traces?ml_app=golden-app&kind=llm`);
    await page.locator('.traces-table tr', { hasText: 'rag-answer' }).click();
    await page.locator('.prompt').waitFor();
    expect(await page.locator('.prompt-id').textContent()).toBe('rag-qa');
    expect(await page.locator('.template .var-context').textContent()).toBe('{{context}}');
    expect(await page.locator('.template .var-query').textContent()).toBe('{{question}}');
    expect(await page.locator('.vars .rag-context').count()).toBe(1);
    await shot('5-prompt');
  });

  it('shows a session as its turns in order', async () => {
    await page.locator('.nav-link[data-view=sessions]').click();
    await page.locator('tr[data-session-id="session-1234"]').click();
    await page.locator('.turn').first().waitFor();
    expect(await page.locator('.turn .trace-name').allTextContents()).toEqual(['handle-request']);
    expect(await page.locator('.bubble-in .text').textContent()).toBe('What is the weather in Paris?');
    expect(await page.locator('.bubble-out .text').textContent()).toBe('It is 21C in Paris.');
    await shot('6-session');
  });

  it('draws latency, error rate, throughput, estimated cost and tokens charts', async () => {
    await page.locator('.nav-link[data-view=charts]').click();
    await page.locator('.chart-svg').first().waitFor();
    // Four trace charts; each assessed evaluation label adds a fail-rate chart (.chart-eval).
    expect(await page.locator('.chart:not(.chart-eval) .chart-svg').count()).toBe(4);
    expect(await page.locator('.chart-svg[aria-label="Traces per bucket over time"] .bar-value').count()).toBeGreaterThan(0);
    expect(await page.locator('.chart-svg[aria-label="Estimated cost over time"] .bar-value').count()).toBeGreaterThan(0);
    // gpt-4o and claude-3-5-sonnet calls of the golden traces, priced from the built-in table.
    expect(await page.locator('.panel.chart:not(.chart-eval) .panel-title .muted').allTextContents()).toEqual(['traces per 12 h', '$0.00021 in all']);
    expect(await page.locator('.chart-svg .line.series-p95').count()).toBe(1);
    expect(await page.locator('.chart-svg .bar-error').count()).toBeGreaterThan(0);
    expect(await page.locator('.token-row .token-model').allTextContents()).toEqual(expect.arrayContaining(['gpt-4o', 'claude-3-5-sonnet']));
    expect(await page.locator('.token-row[data-model="claude-3-5-sonnet"] .token-numbers').textContent()).toBe('30 in · 8 out · 1 span');
    await shot('7-charts');
  });

  it('lists contract violations on the Problems page', async () => {
    await page.locator('.nav-link[data-view=problems]').click();
    await page.locator('.problem-group').first().waitFor();
    const text = await page.locator('.problem-group').first().textContent();
    expect(text).toContain('span_id must be a non-zero unsigned 64-bit decimal string');
    expect(text).toContain('[0].spans[0].span_id');
    expect(text).toContain('1 rejected');
    await shot('8-problems');
  });

  it('renders untrusted content as text (XSS)', async () => {
    await page.goto(`${dev.server.url}/#/traces?ml_app=xss-app`);
    await page.locator('.traces-table tbody tr').first().click();
    await page.locator('.span-detail').waitFor();
    await page.locator('details.raw summary').click();
    expect(await page.locator('.span-title').textContent()).toContain(XSS);
    expect(await page.locator('.msg-content').first().textContent()).toBe(XSS);
    expect(await page.locator('.tool-call .tool-name').textContent()).toBe(XSS);
    // No element came out of the markup: it is text everywhere, and nothing ran.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('main script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await shot('9-xss-span');
    await page.goto(`${dev.server.url}/#/sessions`);
    await page.locator('tr[data-session-id]').first().waitFor();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await shot('10-xss-sessions');
  });

  it('ran without page errors', () => {
    expect(pageErrors, pageErrors.join("\n")).toEqual([]);
  });
});
