// The viewer: one HTML page, one JS bundle, one CSS file (built by tsup into dist/ui).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Route } from '../../server/router.js';
import { sendText } from '../../server/http.js';

const ASSETS: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'app.js.map': 'application/json; charset=utf-8',
  'app.css.map': 'application/json; charset=utf-8',
};

/**
 * Scripts and styles only from this origin, no inline script: the page renders untrusted span content,
 * and even though it is only ever inserted as text, a strict policy is the second lock.
 */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** dist/ui next to the bundled server (dist/*.js), or the package's dist/ui when running from src. */
export function defaultUiDir(): string | undefined {
  const candidates = [new URL('./ui/', import.meta.url), new URL('../../../dist/ui/', import.meta.url)];
  for (const c of candidates) {
    const dir = fileURLToPath(c);
    if (existsSync(join(dir, 'app.js'))) return dir;
  }
  return undefined;
}

export function indexHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>otel-llmobs dev</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/ui/app.css">
<script defer src="/ui/app.js"></script>
</head>
<body>
<div id="app"><p class="boot">Loading…</p></div>
</body>
</html>
`;
}

const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1b1530"/><path d="M8 2.5 13.5 8 8 13.5 2.5 8Z" fill="#b794f6"/></svg>';

const MISSING_UI = `<!doctype html><meta charset="utf-8"><title>otel-llmobs dev</title>
<p>The viewer's bundle is not built. Run <code>pnpm --filter @otel-llmobs/cli build</code>; the JSON API is at <a href="/api/traces">/api/traces</a>.</p>`;

export function uiRoutes(uiDir: string | undefined): Route[] {
  const cache = new Map<string, string>();
  const asset = (file: string): string | undefined => {
    if (!uiDir) return undefined;
    let text = cache.get(file);
    if (text === undefined) {
      const path = join(uiDir, file);
      if (!existsSync(path)) return undefined;
      text = readFileSync(path, 'utf8');
      cache.set(file, text);
    }
    return text;
  };
  return [
    {
      name: 'ui.favicon',
      method: 'GET',
      pattern: /\/favicon\.(svg|ico)/,
      handler: ({ res }) => {
        res.setHeader('cache-control', 'max-age=86400');
        sendText(res, 200, FAVICON, 'image/svg+xml');
      },
    },
    {
      name: 'ui.index',
      method: 'GET',
      pattern: /\/(index\.html)?/,
      handler: ({ res }) => {
        res.setHeader('content-security-policy', CSP);
        res.setHeader('referrer-policy', 'no-referrer');
        res.setHeader('cache-control', 'no-store');
        sendText(res, 200, uiDir ? indexHtml() : MISSING_UI, 'text/html; charset=utf-8');
      },
    },
    {
      name: 'ui.asset',
      method: 'GET',
      pattern: /\/ui\/(?<file>[\w.-]+)/,
      handler: ({ res, params }) => {
        const file = params.file ?? '';
        const type = ASSETS[file];
        const text = type ? asset(file) : undefined;
        if (!type || text === undefined) return sendText(res, 404, 'not found');
        res.setHeader('cache-control', 'no-cache');
        sendText(res, 200, text, type);
      },
    },
  ];
}
