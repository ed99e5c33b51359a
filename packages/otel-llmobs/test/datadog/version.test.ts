import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRACER_VERSION } from '../../src/internal/version.js';

describe('TRACER_VERSION', () => {
  it('is this package’s version (sent as _dd.tracer_version)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(TRACER_VERSION).toBe(pkg.version);
  });
});
