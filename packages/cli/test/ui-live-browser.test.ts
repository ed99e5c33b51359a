// The viewer in Chromium while data arrives (Debian's chromium driven by playwright-core): what the
// user is typing, the caret, the focus and the open sections survive the polls; the sensitive-data
// report of real OTLP spans scanned by the dev intake's pipeline; the evaluation filter; the fail-rate
// charts. Each poll is waited for through the page itself (its status line counts what it polled).
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { build } from 'esbuild';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, NO_CHROMIUM } from './helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDev } from '../src/dev/run-dev.js';
import { runDev } from '../src/dev/run-dev.js';
import { DEFAULT_RETENTION } from '../src/dev/store/dev-store.js';
import { viewerBuildOptions } from '../viewer-build.js';
import { tempDir } from './helpers/dev-server.js';
import { evalMetric, evalPayload, hexTraceId, spanEvent, spanPayload } from './helpers/payloads.js';
import { chatAttributes, spanFactory } from './gateway/kit.js';

const JSON_HEADERS = { 'content-type': 'application/json', 'dd-api-key': 'k' };
const SCREENSHOTS = join(tmpdir(), 'otel-llmobs-ui-live-screenshots');
/** The search box's pause before it applies (views/search-box.ts; not imported: Preact's types need the DOM lib). */
const SEARCH_PAUSE_MS = 600;
/** How long a condition may take to come true: generous, the CI machine is a busy 2-core box. */
const WAIT = { timeout: 15_000 };

let dev: RunningDev;
let context: BrowserContext;
let page: Page;
let uiDir: string;
let profileDir: string;
const pageErrors: string[] = [];

async function post(path: string, body: string): Promise<void> {
  const res = await fetch(`${dev.server.url}${path}`, { method: 'POST', body, headers: JSON_HEADERS });
  expect(res.status).toBe(202);
  await res.arrayBuffer();
}

async function postSpans(...events: Record<string, unknown>[]): Promise<void> {
  await post('/api/v2/llmobs', spanPayload(...events));
}

/** Resolves once the page has polled the server after now and rendered what it got: its status line shows `spans` spans. */
async function polledSpans(spans: number): Promise<void> {
  await expect.poll(() => page.locator('.status-line').textContent(), WAIT).toContain(`· ${spans.toLocaleString('en-US')} spans`);
}

function storedSpans(): number {
  return dev.store.summary().spans;
}

/** The input's value, whether it has the focus, its caret, and the marker set on the element (same node?). */
async function inputState(input: Locator): Promise<{ value: string; focused: boolean; start: number | null; end: number | null; marker: unknown }> {
  return input.evaluate((el) => {
    const field = el as unknown as { value: string; selectionStart: number | null; selectionEnd: number | null; ownerDocument: { activeElement: unknown }; __marker?: unknown };
    return { value: field.value, focused: field.ownerDocument.activeElement === field, start: field.selectionStart, end: field.selectionEnd, marker: field.__marker };
  });
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function traceNames(): Promise<string[]> {
  return page.locator('.traces-table .trace-name').allTextContents();
}

describe.skipIf(NO_CHROMIUM)('viewer in chromium, while data arrives', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    uiDir = tempDir('otel-llmobs-ui-');
    await build({ ...viewerBuildOptions, outdir: uiDir, logLevel: 'silent' });
    dev = await runDev({ host: '127.0.0.1', port: 0, dbPath: ':memory:', retention: { ...DEFAULT_RETENTION }, quiet: true, color: false, write: () => undefined, uiDir });
    await postSpans(spanEvent({ name: 'handle-request', kind: 'workflow', ml_app: 'live-app' }), spanEvent({ name: 'summarize', kind: 'llm', ml_app: 'live-app' }));
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    ({ context, page, profileDir } = await launchBrowser(pageErrors));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await dev?.stop();
    if (uiDir) rmSync(uiDir, { recursive: true, force: true });
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('keeps the search box’s text, caret and focus while new spans arrive, and applies the search after a pause or on Enter', async () => {
    const response = await page.goto(`${dev.server.url}/#/traces`);
    // The page runs under the strict policy: Preact and htm need neither inline script nor eval.
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
    await expect.poll(traceNames, WAIT).toEqual(expect.arrayContaining(['handle-request', 'summarize']));
    const input = page.locator('input[name=q]');
    await input.click();
    await input.evaluate((el) => {
      (el as unknown as { __marker: string }).__marker = 'the same input';
    });

    // Typed, then the caret moved back into the word; data arrives and the page polls it.
    await page.keyboard.type('lve');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await postSpans(spanEvent({ name: 'live-typing-1', kind: 'llm', ml_app: 'live-app' }));
    await polledSpans(storedSpans());
    expect(await inputState(input)).toEqual({ value: 'lve', focused: true, start: 1, end: 1, marker: 'the same input' });

    // Typing goes on where the caret is; Enter applies at once.
    await page.keyboard.type('i');
    expect(await inputState(input)).toEqual({ value: 'live', focused: true, start: 2, end: 2, marker: 'the same input' });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash), WAIT).toContain('q=live');
    await expect.poll(traceNames, WAIT).toEqual(['live-typing-1']);

    // More data while the filter is applied: the new matching trace is merged in, the box is untouched.
    await postSpans(spanEvent({ name: 'live-typing-2', kind: 'llm', ml_app: 'live-app' }), spanEvent({ name: 'not-matching', kind: 'llm', ml_app: 'live-app' }));
    await polledSpans(storedSpans());
    await expect.poll(traceNames, WAIT).toEqual(['live-typing-2', 'live-typing-1']);
    expect(await inputState(input)).toEqual({ value: 'live', focused: true, start: 2, end: 2, marker: 'the same input' });
    await shot('1-search-while-polling');

    // Typing goes to the URL (and the API) only after a pause or on Enter: every search applied before
    // Enter came at least SEARCH_PAUSE_MS after the keystroke before it (on a slow machine a gap between
    // two keystrokes can itself be a pause; what must never happen is an apply right after a keystroke).
    await page.evaluate(() => {
      const w = globalThis as unknown as {
        __inputs: number[];
        __applies: [number, string][];
        performance: { now(): number };
        document: { querySelector(s: string): { addEventListener(t: string, f: () => void): void } };
        history: { replaceState(s: unknown, t: string, u: string): void };
      };
      w.__inputs = [];
      w.__applies = [];
      w.document.querySelector('input[name=q]').addEventListener('input', () => w.__inputs.push(w.performance.now()));
      const replaceState = w.history.replaceState.bind(w.history);
      w.history.replaceState = (state, title, url) => {
        w.__applies.push([w.performance.now(), String(url)]);
        replaceState(state, title, url);
      };
    });
    await page.keyboard.press('End');
    await page.keyboard.type('-typing-2');
    await page.keyboard.press('Enter');
    await expect.poll(traceNames, WAIT).toEqual(['live-typing-2']);
    const { inputs, applies } = await page.evaluate(() => {
      const w = globalThis as unknown as { __inputs: number[]; __applies: [number, string][] };
      return { inputs: w.__inputs, applies: w.__applies };
    });
    expect(inputs).toHaveLength('-typing-2'.length);
    expect(applies.at(-1)?.[1]).toContain('q=live-typing-2');
    for (const [at, url] of applies.slice(0, -1)) {
      const lastKey = Math.max(...inputs.filter((t) => t <= at));
      expect(at - lastKey, url).toBeGreaterThanOrEqual(SEARCH_PAUSE_MS - 1);
    }

    // A pause applies the search too.
    await input.fill('');
    await page.keyboard.type('summ');
    await expect.poll(traceNames, WAIT).toEqual(['summarize']);
    expect(await inputState(input)).toMatchObject({ value: 'summ', focused: true, marker: 'the same input' });

    // Another filter chosen while the search waits for its pause: the search, applied later, keeps it.
    await input.fill('live-typing');
    await page.selectOption('select[name=kind]', 'llm');
    const hash = (): Promise<string> => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash);
    await expect.poll(hash, WAIT).toContain('q=live-typing');
    expect(await hash()).toContain('kind=llm');
    await expect.poll(traceNames, WAIT).toEqual(['live-typing-2', 'live-typing-1']);
  });

  it('keeps open sections open when another span is selected and while new spans of the trace arrive', async () => {
    const traceId = hexTraceId();
    const root = spanEvent({ trace_id: traceId, name: 'live-root', kind: 'workflow', ml_app: 'live-app', start_ns: Date.now() * 1e6 });
    const child = spanEvent({
      trace_id: traceId,
      parent_id: root.span_id as string,
      name: 'live-child',
      kind: 'llm',
      ml_app: 'live-app',
      start_ns: (root.start_ns as number) + 100_000,
      output: { messages: [{ role: 'assistant', content: 'hello' }] },
    });
    child.meta['error.message'] = 'boom';
    child.meta['error.stack'] = 'Error: boom\n    at live (app.js:1:1)';
    await postSpans(root, child);
    await page.goto(`${dev.server.url}/#/trace/${traceId}`);
    await page.locator('.span-detail').waitFor();

    // Open the raw event on the root, then select the child: the raw event stays open on the child.
    await page.locator('details.raw summary').click();
    await expect.poll(() => page.locator('details.raw').evaluate((el) => (el as unknown as { open: boolean }).open), WAIT).toBe(true);
    await page.locator('.wf-row', { hasText: 'live-child' }).click();
    await expect.poll(() => page.locator('.span-title').textContent(), WAIT).toContain('live-child');
    expect(await page.locator('details.raw').evaluate((el) => (el as unknown as { open: boolean }).open)).toBe(true);
    expect(await page.locator('details.raw pre.json').textContent()).toContain('"name": "live-child"');
    await page.locator('.error-box details summary').click();
    await page.locator('.error-box pre.stack').waitFor();
    await page.locator('details.raw').evaluate((el) => {
      (el as unknown as { __marker: string }).__marker = 'the same details';
    });
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 300));
    const scrolled = await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY);

    // A new span of the same trace arrives: merged into the waterfall; selection, open sections and scroll stay.
    await postSpans(spanEvent({ trace_id: traceId, parent_id: root.span_id as string, name: 'live-late', kind: 'tool', ml_app: 'live-app', start_ns: (root.start_ns as number) + 200_000 }));
    await polledSpans(storedSpans());
    await expect.poll(() => page.locator('.wf-row .wf-name').allTextContents(), WAIT).toEqual(['live-root', 'live-child', 'live-late']);
    expect(await page.locator('.span-title').textContent()).toContain('live-child');
    expect(await page.locator('.wf-row.selected .wf-name').textContent()).toBe('live-child');
    expect(await page.locator('details.raw').evaluate((el) => [(el as unknown as { open: boolean }).open, (el as unknown as { __marker?: string }).__marker])).toEqual([true, 'the same details']);
    expect(await page.locator('.error-box details').evaluate((el) => (el as unknown as { open: boolean }).open)).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBe(scrolled);
    await shot('2-open-sections-after-poll');

    // Closed by the user: stays closed across the next span selected.
    await page.locator('details.raw summary').click();
    await page.locator('.wf-row', { hasText: 'live-root' }).click();
    await expect.poll(() => page.locator('.span-title').textContent(), WAIT).toContain('live-root');
    expect(await page.locator('details.raw').evaluate((el) => (el as unknown as { open: boolean }).open)).toBe(false);
  });

  it('shows what the sensitive-data scanner found on real OTLP spans, marks the placeholders, and filters on it', async () => {
    // Real OTel SDK spans through the dev intake's OTLP pipeline, which scans by default.
    const f = spanFactory({ 'service.name': 'sds-app' });
    const leaky = f.start('chat leaky', chatAttributes('Mail ana.garcia@example.com or bob@example.org, card 4539 1488 0343 6467'));
    f.end(leaky);
    const clean = f.start('chat clean', chatAttributes('What is the capital of France?'));
    f.end(clean);
    const exporter = new OTLPTraceExporter({ url: `${dev.server.url}/v1/traces` });
    const result = await new Promise<{ code: number }>((resolve) => exporter.export(f.finished(), resolve));
    expect(result.code).toBe(0);
    await exporter.shutdown();
    await expect.poll(() => dev.store.listTraces({ ml_app: 'sds-app' }).length, WAIT).toBe(2);

    await page.goto(`${dev.server.url}/#/traces?ml_app=sds-app`);
    await expect.poll(async () => (await traceNames()).sort(), WAIT).toEqual(['chat clean', 'chat leaky']);
    const leakyRow = page.locator('.traces-table tr', { hasText: 'chat leaky' });
    expect(await leakyRow.locator('.badge-sensitive').getAttribute('title')).toBe('sensitive data: credit_card, email_address');
    expect(await page.locator('.traces-table tr', { hasText: 'chat clean' }).locator('.badge-sensitive').count()).toBe(0);

    // The filter: any finding, none, one entity type.
    await page.selectOption('select[name=sensitive]', '1');
    await expect.poll(traceNames, WAIT).toEqual(['chat leaky']);
    await page.selectOption('select[name=sensitive]', '0');
    await expect.poll(traceNames, WAIT).toEqual(['chat clean']);
    await page.selectOption('select[name=sensitive]', 'credit_card');
    await expect.poll(traceNames, WAIT).toEqual(['chat leaky']);
    expect(await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toContain('sensitive=credit_card');

    await page.locator('.traces-table tr', { hasText: 'chat leaky' }).click();
    expect(await page.locator('.wf-row .badge-sensitive').getAttribute('title')).toBe('sensitive data redacted: credit_card, email_address');
    const panel = page.locator('.panel.sensitive-data');
    await panel.waitFor();
    expect(await panel.getAttribute('data-action')).toBe('redacted');
    expect(await panel.locator('.panel-title .muted').textContent()).toBe('3 matches');
    expect(await panel.locator('tr[data-entity]').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { entity: string } }).dataset.entity))).toEqual(['credit_card', 'email_address']);
    expect(await panel.locator('tr[data-entity=email_address] td.num').textContent()).toBe('2');
    // The card is masked partially (its last four kept), so it leaves no placeholder.
    expect(await panel.locator('tr[data-entity=credit_card] td.num').textContent()).toBe('0');
    const message = page.locator('.panel', { hasText: 'Input' }).first().locator('.msg-content');
    expect(await message.locator('mark.redaction').allTextContents()).toEqual(['[REDACTED:EMAIL_ADDRESS]', '[REDACTED:EMAIL_ADDRESS]']);
    const text = (await message.textContent()) ?? '';
    expect(text).toContain('6467');
    // Nothing matched is anywhere on the page.
    const body = (await page.locator('body').textContent()) ?? '';
    for (const secret of ['ana.garcia@example.com', 'bob@example.org', '4539 1488 0343 6467']) expect(body).not.toContain(secret);
    await shot('3-sensitive-data-span');
  });

  it('filters traces by evaluation label, assessment and value, and charts each label’s fail rate', async () => {
    // Within one second, so the charts put them in one bucket.
    const second = Math.floor(Date.now() / 1000) * 1000;
    const spans = ['eval-toxic', 'eval-polite', 'eval-hallucinated'].map((name, i) => spanEvent({ name, kind: 'llm', ml_app: 'eval-app', start_ns: (second + i) * 1e6 }));
    await postSpans(...spans);
    const join = (i: number) => ({ span: { span_id: spans[i]!.span_id as string, trace_id: spans[i]!.trace_id as string } });
    const categorical = (i: number, label: string, value: string, assessment: 'pass' | 'fail') =>
      evalMetric({ join_on: join(i), label, metric_type: 'categorical', categorical_value: value, score_value: undefined, assessment, ml_app: 'eval-app' });
    await post(
      '/api/intake/llm-obs/v2/eval-metric',
      evalPayload(
        categorical(0, 'toxicity', 'toxic', 'fail'),
        categorical(1, 'toxicity', 'non-toxic', 'pass'),
        categorical(2, 'toxicity', 'non-toxic', 'pass'),
        categorical(2, 'hallucination', 'contradiction', 'fail'),
        categorical(1, 'hallucination', 'none', 'pass'),
      ),
    );

    await page.goto(`${dev.server.url}/#/traces?ml_app=eval-app`);
    await expect.poll(async () => (await traceNames()).sort(), WAIT).toEqual(['eval-hallucinated', 'eval-polite', 'eval-toxic']);
    expect(await page.locator('.traces-table tr', { hasText: 'eval-toxic' }).locator('.badge-eval-fail').textContent()).toBe('✗ toxicity');

    await page.selectOption('select[name=eval]', 'toxicity');
    await expect.poll(async () => (await traceNames()).sort(), WAIT).toEqual(['eval-hallucinated', 'eval-polite', 'eval-toxic']);
    await page.locator('select[name=eval_value]').waitFor();
    expect(await page.locator('select[name=eval_value] option').allTextContents()).toEqual(['Any value', 'non-toxic (2)', 'toxic (1)']);
    await page.selectOption('select[name=eval_value]', 'toxic');
    await expect.poll(traceNames, WAIT).toEqual(['eval-toxic']);
    await page.selectOption('select[name=eval]', 'hallucination');
    // Another label: its value filter starts afresh.
    await expect.poll(async () => (await traceNames()).sort(), WAIT).toEqual(['eval-hallucinated', 'eval-polite']);
    await page.selectOption('select[name=assessment]', 'fail');
    await expect.poll(traceNames, WAIT).toEqual(['eval-hallucinated']);
    expect(await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toMatch(/eval=hallucination.*assessment=fail|assessment=fail.*eval=hallucination/);

    await page.goto(`${dev.server.url}/#/charts?ml_app=eval-app`);
    const toxicity = page.locator('.chart-eval[data-label=toxicity]');
    await toxicity.waitFor();
    expect(await page.locator('.chart-eval .eval-chart-label').allTextContents()).toEqual(['hallucination', 'toxicity']);
    expect(await toxicity.locator('.panel-title .muted').textContent()).toBe('1 fail of 3 (33%)');
    expect(await page.locator('.chart-eval[data-label=hallucination] .panel-title .muted').textContent()).toBe('1 fail of 2 (50%)');
    const svg = toxicity.locator('svg.chart-svg');
    expect(await svg.getAttribute('aria-label')).toBe('toxicity fail rate over time');
    // The spans were sent together: one bucket holds them, its bar a third of the chart's height.
    const bars = await svg.locator('rect.bar-eval-fail').evaluateAll((rects) =>
      rects.map((r) => ({ height: Number((r as unknown as { getAttribute(n: string): string }).getAttribute('height')), title: (r as unknown as { textContent: string }).textContent })),
    );
    const drawn = bars.filter((b) => b.height > 0);
    expect(drawn).toHaveLength(1);
    expect(drawn[0]!.title).toContain('toxicity: 1 fail of 3 (33%)');
    expect(drawn[0]!.height).toBeCloseTo(162 / 3, 5);
    await shot('4-fail-rate-charts');
  });

  it('sees a CSP violation when there is one (the check below is not blind)', async () => {
    const before = pageErrors.length;
    const ran = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { createElement(t: string): { textContent: string }; body: { appendChild(n: unknown): void } } }).document;
      const script = doc.createElement('script');
      script.textContent = 'globalThis.__inlineRan = 1';
      doc.body.appendChild(script);
      return (globalThis as unknown as { __inlineRan?: number }).__inlineRan;
    });
    expect(ran).toBeUndefined();
    await expect.poll(() => pageErrors.slice(before).filter((e) => e.includes('Content Security Policy')).length, WAIT).toBe(1);
    pageErrors.splice(before);
  });

  it('ran without page errors or CSP violations', () => {
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });
});
