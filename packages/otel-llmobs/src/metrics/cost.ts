/**
 * Estimated cost of a model call from its token counts and a price table. Only models with a row
 * are priced; anything else is reported as unpriced, never matched to a similar name.
 */
import type { Metrics } from '../conventions/model.js';
import { invalidConfig } from '../config/invalid-config.js';

/** One price row: US dollars per million tokens. */
export interface ModelPrice {
  /** Provider names as the spans carry them after normalization (`openai`, `anthropic`, `aws.bedrock`, …). */
  providers: readonly string[];
  /** The model name, without release date or version suffix (`gpt-4o-mini`, `claude-sonnet-4-5`). */
  model: string;
  /** Per million input tokens not read from or written to a cache. */
  input: number;
  /** Per million output tokens (reasoning tokens included, as providers bill them). */
  output: number;
  /** Per million input tokens read from the prompt cache. Default: `input`. */
  cacheRead?: number;
  /** Per million input tokens written to the prompt cache. Default: `input`. */
  cacheWrite?: number;
}

export type CostEstimate = { kind: 'priced'; usd: number } | { kind: 'unpriced' } | { kind: 'no-tokens' };

/** A compiled price table: rows indexed by model name. */
export class PriceTable {
  readonly #byModel = new Map<string, ModelPrice[]>();

  /** Rows later in the list replace earlier ones for the same provider and model. */
  constructor(rows: readonly ModelPrice[]) {
    for (const row of rows) {
      const model = row.model.toLowerCase();
      const existing = (this.#byModel.get(model) ?? []).map((r) => ({ ...r, providers: r.providers.filter((p) => !row.providers.includes(p)) }));
      this.#byModel.set(model, [...existing.filter((r) => r.providers.length > 0), row]);
    }
  }

  get size(): number {
    let n = 0;
    for (const rows of this.#byModel.values()) n += rows.length;
    return n;
  }

  /** The row for a reported model name and provider, after removing date/version decorations only. */
  find(provider: string | undefined, modelName: string): ModelPrice | undefined {
    for (const candidate of modelNameCandidates(modelName)) {
      const rows = this.#byModel.get(candidate);
      if (!rows) continue;
      if (provider !== undefined) return rows.find((r) => r.providers.includes(provider));
      // No provider on the span: only an unambiguous model name is priced.
      return rows.length === 1 ? rows[0] : undefined;
    }
    return undefined;
  }
}

const REGION_PREFIX = /^(?:us|eu|apac|global|us-gov)\./;
const VENDOR_PREFIX = /^(?:anthropic|openai|meta|mistral|google)\./;
/** Decorations a provider adds to a model's name for a release or a version: stripped one at a time. */
const SUFFIXES = [/-v\d+(?::\d+)?$/, /@\d{8}$/, /-\d{4}-\d{2}-\d{2}$/, /-\d{8}$/, /-latest$/];

function* modelNameCandidates(modelName: string): Generator<string> {
  let name = modelName.trim().toLowerCase().replace(REGION_PREFIX, '').replace(VENDOR_PREFIX, '');
  yield name;
  for (;;) {
    const stripped = SUFFIXES.reduce((n, suffix) => n.replace(suffix, ''), name);
    if (stripped === name || stripped === '') return;
    name = stripped;
    yield name;
  }
}

function tokens(metrics: Metrics, key: keyof Metrics): number {
  const value = metrics[key];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Input tokens include cache reads and writes (the canonical model's rule), so the uncached part is
 * what remains once both are taken out.
 */
export function estimateCost(table: PriceTable, provider: string | undefined, modelName: string | undefined, metrics: Metrics): CostEstimate {
  const input = tokens(metrics, 'input_tokens');
  const output = tokens(metrics, 'output_tokens');
  if (input === 0 && output === 0) return { kind: 'no-tokens' };
  const price = modelName === undefined ? undefined : table.find(provider, modelName);
  if (!price) return { kind: 'unpriced' };
  const cacheRead = Math.min(tokens(metrics, 'cache_read_input_tokens'), input);
  const cacheWrite = Math.min(tokens(metrics, 'cache_write_input_tokens'), input - cacheRead);
  const uncached = input - cacheRead - cacheWrite;
  const usd = (uncached * price.input + cacheRead * (price.cacheRead ?? price.input) + cacheWrite * (price.cacheWrite ?? price.input) + output * price.output) / 1e6;
  return { kind: 'priced', usd };
}

/** Checks rows given in code; a bad row is a programming error and throws a TypeError naming it. */
export function checkPriceRows(name: string, rows: unknown): readonly ModelPrice[] {
  if (!Array.isArray(rows)) throw invalidConfig(name, 'an array of { providers, model, input, output, cacheRead?, cacheWrite? }', rows);
  return rows.map((row: unknown, i) => {
    const at = `${name}[${i}]`;
    if (row === null || typeof row !== 'object') throw invalidConfig(at, 'an object', row);
    const r = row as Record<string, unknown>;
    if (!Array.isArray(r.providers) || r.providers.length === 0 || !r.providers.every((p) => typeof p === 'string' && p.trim() !== '')) {
      throw invalidConfig(`${at}.providers`, 'a non-empty array of provider names', r.providers);
    }
    if (typeof r.model !== 'string' || r.model.trim() === '') throw invalidConfig(`${at}.model`, 'a non-empty string', r.model);
    const price: ModelPrice = { providers: r.providers as string[], model: r.model, input: checkPrice(`${at}.input`, r.input), output: checkPrice(`${at}.output`, r.output) };
    if (r.cacheRead !== undefined) price.cacheRead = checkPrice(`${at}.cacheRead`, r.cacheRead);
    if (r.cacheWrite !== undefined) price.cacheWrite = checkPrice(`${at}.cacheWrite`, r.cacheWrite);
    return price;
  });
}

function checkPrice(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalidConfig(name, 'a finite number >= 0 (USD per million tokens)', value);
  return value;
}
