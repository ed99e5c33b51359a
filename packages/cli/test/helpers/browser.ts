// Debian's chromium driven by playwright-core (no browser download), launched the same way by every
// browser test of the viewer.
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { tempDir } from './dev-server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Skipped where chromium is not installed, except in CI, where a missing browser must fail. */
export const NO_CHROMIUM = !existsSync(CHROMIUM) && process.env.CI === undefined;

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** The throwaway profile directory (removed by the caller with its other temporary files). */
  profileDir: string;
}

/**
 * A headless chromium with a fresh profile; page errors (and console errors unless
 * `consoleErrors: false`) are pushed to `errors`, so that a test can assert none happened.
 */
export async function launchBrowser(errors: string[], options: { width?: number; consoleErrors?: boolean } = {}): Promise<TestBrowser> {
  const profileDir = tempDir('otel-llmobs-chromium-');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: options.width ?? 1440, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (err) => errors.push(err.message));
  if (options.consoleErrors !== false) {
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
  }
  return { context, page, profileDir };
}
