// Where the zero-code start finds the ESM build of a package that ships one apart from its CommonJS
// build (an ESM app registers through that module instance), read from the real installed packages.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolverAt, separateEsmEntry } from '../../src/register/package-resolver.js';

const here = resolverAt(join(import.meta.dirname, 'package-resolver.test.ts'));

describe('separateEsmEntry', () => {
  it('API 1.10 (exports: require → index.cjs, default → index.mjs): the .mjs build', () => {
    const cjs = here.resolve('@opentelemetry/api-v110');
    expect(cjs).toMatch(/[\\/]dist[\\/]index\.cjs$/);
    // Under its real name: the package.json found beside the file says @opentelemetry/api.
    const esm = separateEsmEntry({ ...here, resolve: (id) => (id === '@opentelemetry/api' ? cjs : here.resolve(id)) }, '@opentelemetry/api');
    expect(esm).toBe(join(cjs!, '..', 'index.mjs'));
  });

  it('API 1.9 (its exports pick the CommonJS build for import too) and api-logs (no exports: main): none, the same instance', () => {
    expect(separateEsmEntry(here, '@opentelemetry/api-logs')).toBeUndefined();
    const api19 = here.resolve('@opentelemetry/api');
    // Under OTEL_SDK_MAJOR=3 the tests' imports are aliased, not Node's resolution: this is still 1.9.
    expect(api19).toMatch(/@opentelemetry\+api@1\.9\.\d+/);
    expect(separateEsmEntry(here, '@opentelemetry/api')).toBeUndefined();
  });

  it('a package that is not installed: none', () => {
    expect(separateEsmEntry(here, '@opentelemetry/not-a-package')).toBeUndefined();
  });
});
