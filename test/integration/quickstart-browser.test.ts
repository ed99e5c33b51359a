// The quickstart end to end in a real browser: `pnpm demo`'s entry (built dist) as a child process serving
// the dev intake on an ephemeral port, then the viewer in Debian's chromium (playwright-core drives
// /usr/bin/chromium; no browser is downloaded): the trace found by ml_app and session, the LLM span's
// messages, tool call and tokens, the retrieval's documents, the prompt template's RAG variables, the
// tool, the evaluation and the session. Then Ctrl-C stops it cleanly.
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, NO_CHROMIUM } from '../../packages/cli/test/helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertQuickstartBuilt, spawnQuickstart, tempDir, type QuickstartProcess } from './support/quickstart.js';

const SCREENSHOTS = join(tmpdir(), 'otel-llmobs-quickstart-screenshots');
const SESSION = 'quickstart-browser';

let demo: QuickstartProcess;
let url = '';
let traceId = '';
let dir: string;
let profileDir: string;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Select a span in the trace's waterfall by its position (both LLM spans have the same name). */
async function selectSpan(index: number, name: string): Promise<void> {
  const row = page.locator('.waterfall .wf-row').nth(index);
  await row.click();
  await expect.poll(() => row.getAttribute('class')).toMatch(/\bselected\b/);
  await expect.poll(() => page.locator('.span-title').textContent()).toContain(name);
}

describe.skipIf(NO_CHROMIUM)('the quickstart in the viewer (chromium)', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    assertQuickstartBuilt();
    dir = tempDir();
    demo = spawnQuickstart(['--port', '0', '--db', join(dir, 'dev.sqlite'), '--session', SESSION]);
    const serving = await demo.waitFor(/Serving the viewer at (http:\/\/127\.0\.0\.1:\d+)\//);
    url = serving[1]!;
    traceId = /^▸ trace ([0-9a-f]{32})/m.exec(demo.stdout())![1]!;

    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    ({ context, page, profileDir } = await launchBrowser(pageErrors));
    page.setDefaultTimeout(10_000);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (demo && demo.child.exitCode === null && demo.child.signalCode === null) {
      demo.child.kill('SIGKILL');
      await demo.exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('finds the trace by ml_app and session', async () => {
    await page.goto(`${url}/`);
    await page.locator('.traces-table tbody tr').first().waitFor();
    await page.selectOption('select[name=ml_app]', 'quickstart');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toContain('ml_app=quickstart');
    await page.selectOption('select[name=session_id]', SESSION);
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toContain(`session_id=${SESSION}`);
    await expect.poll(() => page.locator('.traces-table tbody tr').count()).toBe(1);
    const row = page.locator('.traces-table tbody tr').first();
    expect(await row.locator('.trace-name').textContent()).toBe('answer-question');
    expect(await row.textContent()).toContain(SESSION);
    await shot('1-traces');

    await row.click();
    await page.locator('.waterfall .wf-row').nth(6).waitFor();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toContain(traceId);
    expect(await page.locator('.waterfall .wf-row .wf-name').allTextContents()).toEqual([
      'answer-question',
      'search-guide',
      'embed-query',
      'rail-assistant',
      'chat gpt-4o-mini',
      'get_weather',
      'chat gpt-4o-mini',
    ]);
    const kinds = await page.locator('.waterfall .wf-row').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { kind?: string } }).dataset.kind));
    expect(kinds).toEqual(['workflow', 'retrieval', 'embedding', 'agent', 'llm', 'tool', 'llm']);
    expect(await page.locator('.trace-meta .chip-session').textContent()).toContain(SESSION);
    await shot('2-trace');
  });

  it('shows the first LLM span: the conversation, the tool call it asked for, the model and the tokens', async () => {
    await selectSpan(4, 'chat gpt-4o-mini');
    expect(await page.locator('.span-meta .tokens').textContent()).toBe('278→20 tok');
    expect(await page.locator('.span-meta .model').textContent()).toBe('openai / gpt-4o-mini-2024-07-18');
    const input = page.locator('.panel', { hasText: 'Input' }).first();
    expect(await input.locator('.msg.role-system .msg-content').textContent()).toContain('[bikes-high-speed] Bikes on high-speed trains:');
    expect(await input.locator('.msg.role-user .msg-content').textContent()).toBe('Can I take my bike on the TGV to Lyon tomorrow, and will it rain?');
    const call = page.locator('.panel', { hasText: 'Output' }).first().locator('.tool-call');
    expect(await call.locator('.tool-name').textContent()).toBe('get_weather');
    expect(await call.locator('.tool-id').textContent()).toBe('call_qs1');
    expect(JSON.parse((await call.locator('.tool-args').textContent())!)).toEqual({ city: 'Lyon', day: 'tomorrow' });
    expect(await page.locator('.tool-def summary').allTextContents()).toEqual([expect.stringContaining('get_weather')]);
    await shot('3-llm-tool-call');
  });

  it('renders the prompt template with its RAG context and query variables', async () => {
    await page.locator('.prompt').waitFor();
    expect(await page.locator('.prompt-id').textContent()).toBe('rail-assistant');
    expect(await page.locator('.prompt-head .chip').first().textContent()).toBe('v1.0.0');
    // A chat template: the system message carries {{context}}, the user message {{question}}.
    const template = page.locator('.prompt .template-chat');
    expect(await template.locator('.msg.role-system .var-context').textContent()).toBe('{{context}}');
    expect(await template.locator('.msg.role-system .msg-content').textContent()).toContain('You are a rail travel assistant.');
    expect(await template.locator('.msg.role-user .var-query').textContent()).toBe('{{question}}');
    expect(await page.locator('.vars .var-name code').allTextContents()).toEqual(['context', 'question']);
    expect(await page.locator('.vars .rag-context').count()).toBe(1);
    expect(await page.locator('.vars .rag-query').count()).toBe(1);
    expect(await page.locator('.vars tr', { hasText: 'question' }).locator('.var-value').textContent()).toBe(
      'Can I take my bike on the TGV to Lyon tomorrow, and will it rain?',
    );
    await page.locator('.prompt').scrollIntoViewIfNeeded();
    await shot('4-prompt');
  });

  it('shows the second LLM span: the tool result in its input, the answer, the tokens', async () => {
    await selectSpan(6, 'chat gpt-4o-mini');
    expect(await page.locator('.span-meta .tokens').textContent()).toBe('345→70 tok');
    const input = page.locator('.panel', { hasText: 'Input' }).first();
    expect(await input.locator('.tool-call .tool-name').textContent()).toBe('get_weather');
    const result = input.locator('.tool-result').first();
    expect(await result.locator('.tool-name').textContent()).toBe('get_weather');
    expect(await result.textContent()).toContain('light rain');
    const answer = await page.locator('.panel', { hasText: 'Output' }).first().locator('.msg.role-assistant .msg-content').textContent();
    expect(answer).toContain('According to “Bikes on high-speed trains”');
    expect(answer).toContain('Weather in Lyon tomorrow: light rain');
    await shot('5-llm-answer');
  });

  it('shows the retrieval’s documents with their scores, and the embedding under it', async () => {
    await selectSpan(1, 'search-guide');
    const docs = page.locator('.document');
    expect(await docs.count()).toBe(3);
    expect(await docs.locator('.doc-name').allTextContents()).toEqual(['Bikes on high-speed trains', 'Bikes on regional trains', 'Refunds and exchanges']);
    expect(await docs.locator('.doc-id').first().textContent()).toBe('bikes-high-speed');
    const scores = (await docs.locator('.doc-score .num').allTextContents()).map(Number);
    expect(scores[0]).toBeGreaterThan(scores[1]!);
    expect(scores[1]).toBeGreaterThanOrEqual(scores[2]!);
    expect(await docs.first().locator('.doc-text').textContent()).toContain('€10 bike reservation');
    await shot('6-retrieval');

    await selectSpan(2, 'embed-query');
    expect(await page.locator('.span-meta .model').textContent()).toBe('openai / text-embedding-3-small');
    expect(await page.locator('.panel', { hasText: 'Output' }).first().textContent()).toContain('[1 embedding(s) returned with size 256]');
  });

  it('shows the tool’s arguments and result, and the evaluation on the workflow', async () => {
    await selectSpan(5, 'get_weather');
    expect(await page.locator('.panel', { hasText: 'Input' }).first().textContent()).toContain('"city": "Lyon"');
    expect(await page.locator('.panel', { hasText: 'Output' }).first().textContent()).toContain('"forecast": "light rain"');

    await selectSpan(0, 'answer-question');
    const evaluation = page.locator('.eval[data-label="cites_guide"]');
    await evaluation.waitFor();
    expect(await evaluation.locator('.badge').textContent()).toBe('pass');
    expect(await evaluation.locator('.eval-reasoning').textContent()).toBe('the answer names “Bikes on high-speed trains”');
    // The managed evaluations of the root, judged by the fake OpenAI server, each saying how it was decided.
    const topic = page.locator('.eval[data-label="topic_relevancy"]');
    await topic.waitFor();
    expect(await topic.locator('.eval-text').textContent()).toBe('on_topic');
    expect(await topic.locator('.eval-judge').textContent()).toMatch(/^judged by gpt-4o-mini \(openai_compatible\) · \d+→\d+ tok · \d+ ms$/);
    await shot('7-workflow-evaluation');
  });

  it('shows the session as a conversation turn', async () => {
    await page.goto(`${url}/#/sessions`);
    await page.locator(`tr[data-session-id="${SESSION}"]`).click();
    await page.locator('.turn').first().waitFor();
    expect(await page.locator('.bubble-in .text').textContent()).toBe('Can I take my bike on the TGV to Lyon tomorrow, and will it rain?');
    expect(await page.locator('.bubble-out .text').textContent()).toContain('Bikes on high-speed trains');
    await shot('8-session');
  });

  it('ran without page errors', () => {
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });

  it('stops cleanly on Ctrl-C (SIGINT), exit code 0', async () => {
    demo.child.kill('SIGINT');
    const finished = await demo.exited;
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stdout).toMatch(/Stopping…\n$/);
    expect(finished.stderr).toBe('');
  });
});
