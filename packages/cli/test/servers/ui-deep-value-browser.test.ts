// The viewer in Chromium (Debian's chromium driven by playwright-core) with values a pretty-printer
// could hang on: a JSON string nested 4 000 levels deep as a span's input (stored as a string, so the
// intake's depth bound does not touch it) and metadata at the intake's depth bound. The page must
// render them bounded, say it cut them, and run none of it.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { viewerBuildOptions } from '../../viewer-build.js';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, NO_CHROMIUM } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prettyJson } from '../../src/ui/pretty-json.js';
import { startTestDev, tempDir, type TestDev } from '../helpers/dev-server.js';
import { spanEvent, spanPayload } from '../helpers/payloads.js';


/** `{"a":{"a":…"<b>x</b>"…}}`, `levels` objects deep. */
function nested(levels: number): string {
  return `${'{"a":'.repeat(levels)}"<img src=x onerror=window.__xss=1>"${'}'.repeat(levels)}`;
}

describe('prettyJson', () => {
  it('summarizes levels past the bound and stops at the length bound', () => {
    const deep = prettyJson(JSON.parse(nested(4_000)), { maxDepth: 10, maxChars: 100_000 });
    expect(deep.cut).toBe(true);
    expect(deep.text).toContain('{… 1 key nested deeper than 10 levels}');
    expect(deep.text.length).toBeLessThan(1_000);
    const long = prettyJson(Array.from({ length: 100_000 }, (_, i) => ({ i })), { maxDepth: 10, maxChars: 5_000 });
    expect(long).toMatchObject({ cut: true });
    expect(long.text.length).toBe(5_000);
    // Within the bounds: exactly JSON.stringify(v, null, 2).
    const small = { a: [1, 'two', null, { b: true }], c: {}, d: [], e: 'q"uote' };
    expect(prettyJson(small)).toEqual({ text: JSON.stringify(small, null, 2), cut: false });
  });
});

describe.skipIf(NO_CHROMIUM)('viewer in chromium: deep values', { timeout: 60_000 }, () => {
  let dev: TestDev;
  let context: BrowserContext;
  let page: Page;
  let uiDir: string;
  let profileDir: string;
  const pageErrors: string[] = [];
  const traceId = 'a'.repeat(31) + 'b';

  beforeAll(async () => {
    uiDir = tempDir('otel-llmobs-ui-');
    await build({
      ...viewerBuildOptions,
      outdir: uiDir,
      logLevel: 'silent',
    });
    dev = await startTestDev({ uiDir });
    const event = spanEvent({ trace_id: traceId, name: 'deep-values', input: { value: nested(4_000) }, extraMeta: { metadata: JSON.parse(nested(200)) as unknown } });
    const res = await dev.post('/api/v2/llmobs', spanPayload(event), { 'content-type': 'application/json' });
    expect(res.status).toBe(202);
    expect(res.json.accepted).toBe(1);
    ({ context, page, profileDir } = await launchBrowser(pageErrors, { width: 1280, consoleErrors: false }));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await dev?.dispose();
    if (uiDir) rmSync(uiDir, { recursive: true, force: true });
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('renders a 4 000-level input and deep metadata bounded, says so, and runs none of it', async () => {
    await page.goto(`${dev.server.url}/#/trace/${traceId}`);
    await page.locator('.span-detail').waitFor({ timeout: 30_000 });
    const input = page.locator('.io-value pre.json').first();
    await input.waitFor();
    const text = (await input.textContent()) ?? '';
    expect(text.length).toBeLessThan(250_000);
    expect(text).toContain('nested deeper than 24 levels');
    expect(await page.locator('.json-cut-note').count()).toBeGreaterThanOrEqual(2);
    const metadata = (await page.locator('.panel', { hasText: 'Metadata' }).locator('pre.json').first().textContent()) ?? '';
    expect(metadata).toContain('nested deeper than 24 levels');
    // The whole page stays small, and the markup inside the values stayed text.
    const pageText = await page.evaluate(() => (globalThis as unknown as { document: { body: { textContent: string | null } } }).document.body.textContent?.length ?? 0);
    expect(pageText).toBeLessThan(1_000_000);
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('.io-value img').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
