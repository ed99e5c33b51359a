// The viewer's source and bundle keep the page's guarantees: span content can only ever become text
// (no HTML sink in our code, and no prop spread through which an untrusted object could reach Preact's
// dangerouslySetInnerHTML), nothing needs eval (the CSP has no 'unsafe-eval'), and the bundle takes
// only what it uses from otel-llmobs/internals.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewerBuildOptions } from '../viewer-build.js';
import { tempDir } from './helpers/dev-server.js';

const UI = join(import.meta.dirname, '../src/ui');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('viewer source', () => {
  it('has no HTML-parsing sink and spreads no props into templates', () => {
    const files = sources(UI);
    expect(files.length).toBeGreaterThan(10);
    const offending: string[] = [];
    for (const file of files) {
      // Code only: comments may name what the code avoids.
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'dangerouslySetInnerHTML', 'document.write', 'createContextualFragment', 'DOMParser']) {
        if (text.includes(sink)) offending.push(`${relative(UI, file)}: ${sink}`);
      }
      // htm's `...${props}` would let an object's keys (span content) become props.
      if (/\.\.\.\$\{/.test(text)) offending.push(`${relative(UI, file)}: prop spread in a template`);
    }
    expect(offending).toEqual([]);
  });
});

describe('viewer bundle', () => {
  let out: string;
  let js: string;
  let metafile: Metafile;

  beforeAll(async () => {
    out = tempDir('otel-llmobs-ui-bundle-');
    const result = await build({ ...viewerBuildOptions, outdir: out, metafile: true, logLevel: 'silent' });
    metafile = result.metafile;
    js = readFileSync(join(out, 'app.js'), 'utf8');
  });

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('needs no eval', () => {
    expect(js).not.toMatch(/\beval\(|new Function\b/);
  });

  it('takes from otel-llmobs only the span kinds and errorMessage, and nothing of @opentelemetry/api', () => {
    // Modules read while bundling but tree-shaken away add 0 bytes.
    const bundled = Object.entries(Object.values(metafile.outputs).find((o) => o.entryPoint)!.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path);
    const library = bundled.filter((p) => p.includes('otel-llmobs/') && !p.includes('node_modules')).map((p) => p.slice(p.indexOf('otel-llmobs/')));
    expect(library.sort()).toEqual(['otel-llmobs/src/conventions/model.ts', 'otel-llmobs/src/internal/error-message.ts']);
    expect(bundled.filter((p) => p.includes('@opentelemetry'))).toEqual([]);
    expect(js).not.toContain('createComponentLogger');
  });
});
