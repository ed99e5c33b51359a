import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { listFixtureIds } from '../helpers/fixtures.js';

const TABLES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A fixture added to ../shared/fixtures without explicit expectations fails here. */
it('every captured fixture file has a table of expectations', () => {
  const described = new Set<string>();
  for (const file of readdirSync(TABLES_DIR)) {
    if (!file.endsWith('.test.ts')) continue;
    const text = readFileSync(join(TABLES_DIR, file), 'utf8');
    for (const match of text.matchAll(/describeFixture\(\s*'([^']+)'/g)) described.add(match[1]!);
  }
  const ids = listFixtureIds();
  expect(ids.length).toBeGreaterThan(80);
  expect(ids.filter((id) => !described.has(id))).toEqual([]);
  expect([...described].filter((id) => !ids.includes(id))).toEqual([]);
});
