import { resolve } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { checkLayerTable, layersPlugin } from '../../../../eslint/layer-rule.mjs';
import { CLI_LAYERS, LIBRARY_LAYERS } from '../../../../eslint/layers.mjs';

// The rule `pnpm lint` runs on the library and the CLI, with their real layer tables, on source
// text placed (by name only) in a folder of src/.
const librarySrc = resolve(import.meta.dirname, '../../src');
const cliSrc = resolve(import.meta.dirname, '../../../cli/src');

function lint(srcRoot: string, layers: typeof LIBRARY_LAYERS, path: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { layers: layersPlugin },
        rules: { 'layers/imports': ['error', { srcRoot, layers: checkLayerTable(layers) }] },
      },
    ],
    { filename: resolve(srcRoot, path) },
  );
  return messages.map((m) => m.message);
}

const inLibrary = (path: string, code: string) => lint(librarySrc, LIBRARY_LAYERS, path, code);

describe('layers/imports on the library', () => {
  it('lets a folder import the layers below it, its own folder and the package version', () => {
    expect(inLibrary('processor/x.ts', "import { mapSpan } from '../mapping/map-span.js';\nimport { a } from './y.js';")).toEqual([]);
    expect(inLibrary('api/x.ts', "import type { LLMObsSpanHook } from '../runtime/user-hook.js';")).toEqual([]);
    expect(inLibrary('internal/version.ts', "import packageJson from '../../package.json' with { type: 'json' };")).toEqual([]);
    expect(inLibrary('index.ts', "export { llmobs } from './api/llmobs.js';")).toEqual([]);
  });

  it('fails an import that goes up or sideways, whatever its form', () => {
    expect(inLibrary('mapping/x.ts', "import { LLMObsSpanProcessor } from '../processor/llmobs-span-processor.js';")).toEqual([
      expect.stringContaining('mapping/ may not import processor/'),
    ]);
    expect(inLibrary('processor/x.ts', "import type { A } from '../api/types.js';")).toEqual([expect.stringContaining('processor/ may not import api/')]);
    expect(inLibrary('datadog/x.ts', "export { deriveSpan } from '../processor/derive-span.js';")).toHaveLength(1);
    expect(inLibrary('otlp/x.ts', "const m = import('../processor/derive-span.js');")).toHaveLength(1);
    expect(inLibrary('otlp/x.ts', "type T = import('../processor/derive-span.js').DerivedSpanWriter;")).toHaveLength(1);
    expect(inLibrary('propagation/x.ts', "import { x } from '../processor/resolve-parent.js';")).toHaveLength(1);
    expect(inLibrary('api/x.ts', "import { x } from '../index.js';")).toEqual([expect.stringContaining('may not import an entry point')]);
    expect(inLibrary('api/x.ts', "import { x } from '../../test/helpers/sdk.js';")).toEqual([expect.stringContaining('leaves src/')]);
  });

  it('fails a Node built-in anywhere but register/', () => {
    expect(inLibrary('datadog/x.ts', "import { gzipSync } from 'node:zlib';")).toEqual([expect.stringContaining('no Node built-ins in datadog/')]);
    expect(inLibrary('internal/x.ts', "import { EventEmitter } from 'events';")).toHaveLength(1);
    expect(inLibrary('index.ts', "import { readFileSync } from 'fs';")).toHaveLength(1);
    expect(inLibrary('register/x.ts', "import { register } from 'node:module';")).toEqual([]);
  });

  it('fails a folder that has no place in the table', () => {
    expect(inLibrary('widgets/x.ts', 'export const x = 1;')).toEqual([expect.stringContaining('widgets/ has no row in eslint/layers.mjs')]);
  });
});

describe('layers/imports on the CLI', () => {
  const inCli = (path: string, code: string) => lint(cliSrc, CLI_LAYERS, path, code);

  it('keeps the two commands apart and the viewer on shared/', () => {
    expect(inCli('gateway/x.ts', "import { runDev } from '../dev/run-dev.js';")).toEqual([expect.stringContaining('gateway/ may not import dev/')]);
    expect(inCli('otlp/x.ts', "import { spansToStore } from '../dev/ingest.js';")).toHaveLength(1);
    expect(inCli('ui/x.ts', "import { readRequestBody } from '../server/read-body.js';")).toHaveLength(1);
    expect(inCli('dev/x.ts', "import { OtlpPipeline } from '../otlp/otlp-pipeline.js';\nimport { createServer } from 'node:http';")).toEqual([]);
  });
});

describe('the layer table', () => {
  it('refuses a row that imports a folder not above it', () => {
    expect(() => checkLayerTable([{ folder: 'a', mayImport: ['b'] }, { folder: 'b', mayImport: [] }])).toThrow('"a" may only import folders listed above it, not "b"');
    expect(() => checkLayerTable([{ folder: 'a', mayImport: ['a'] }])).toThrow();
    expect(checkLayerTable(LIBRARY_LAYERS)).toBe(LIBRARY_LAYERS);
  });
});
