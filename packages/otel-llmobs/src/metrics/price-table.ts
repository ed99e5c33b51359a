/**
 * List prices of model calls, in US dollars per million tokens, from the providers' public price
 * pages (checked 2025-11; standard tier, no batch or regional discounts). The one data file for
 * prices: extend or override it with the processor's `metrics.prices` option (docs/metrics.md says
 * how to keep it current). A model that is in no row has no price: its calls are counted as
 * unpriced, never estimated from a similar name.
 *
 * `model` matches the reported model name exactly, or followed by a release date (`-2024-07-18`,
 * `-20241022`), `-latest`, a Bedrock version (`-v2:0`) or a Vertex `@date`; Bedrock's `anthropic.`
 * and region prefixes are removed first (see cost.ts).
 */
import type { ModelPrice } from './cost.js';

const OPENAI = ['openai', 'azure.ai.openai'];
const ANTHROPIC = ['anthropic', 'aws.bedrock', 'gcp.vertex_ai'];
const GEMINI = ['gcp.gemini', 'gcp.vertex_ai', 'gcp.gen_ai'];

export const DEFAULT_MODEL_PRICES: readonly ModelPrice[] = [
  // OpenAI
  { providers: OPENAI, model: 'gpt-5', input: 1.25, output: 10, cacheRead: 0.125 },
  { providers: OPENAI, model: 'gpt-5-mini', input: 0.25, output: 2, cacheRead: 0.025 },
  { providers: OPENAI, model: 'gpt-5-nano', input: 0.05, output: 0.4, cacheRead: 0.005 },
  { providers: OPENAI, model: 'gpt-4.1', input: 2, output: 8, cacheRead: 0.5 },
  { providers: OPENAI, model: 'gpt-4.1-mini', input: 0.4, output: 1.6, cacheRead: 0.1 },
  { providers: OPENAI, model: 'gpt-4.1-nano', input: 0.1, output: 0.4, cacheRead: 0.025 },
  { providers: OPENAI, model: 'gpt-4o', input: 2.5, output: 10, cacheRead: 1.25 },
  { providers: OPENAI, model: 'gpt-4o-mini', input: 0.15, output: 0.6, cacheRead: 0.075 },
  { providers: OPENAI, model: 'gpt-4-turbo', input: 10, output: 30 },
  { providers: OPENAI, model: 'gpt-4', input: 30, output: 60 },
  { providers: OPENAI, model: 'gpt-3.5-turbo', input: 0.5, output: 1.5 },
  { providers: OPENAI, model: 'o1', input: 15, output: 60, cacheRead: 7.5 },
  { providers: OPENAI, model: 'o1-mini', input: 1.1, output: 4.4, cacheRead: 0.55 },
  { providers: OPENAI, model: 'o3', input: 2, output: 8, cacheRead: 0.5 },
  { providers: OPENAI, model: 'o3-mini', input: 1.1, output: 4.4, cacheRead: 0.55 },
  { providers: OPENAI, model: 'o4-mini', input: 1.1, output: 4.4, cacheRead: 0.275 },
  { providers: OPENAI, model: 'text-embedding-3-small', input: 0.02, output: 0 },
  { providers: OPENAI, model: 'text-embedding-3-large', input: 0.13, output: 0 },
  { providers: OPENAI, model: 'text-embedding-ada-002', input: 0.1, output: 0 },
  // Anthropic (also on Bedrock and Vertex AI at the same list price)
  { providers: ANTHROPIC, model: 'claude-opus-4-5', input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  { providers: ANTHROPIC, model: 'claude-opus-4-1', input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  { providers: ANTHROPIC, model: 'claude-opus-4', input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  { providers: ANTHROPIC, model: 'claude-sonnet-4-5', input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  { providers: ANTHROPIC, model: 'claude-sonnet-4', input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  { providers: ANTHROPIC, model: 'claude-3-7-sonnet', input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  { providers: ANTHROPIC, model: 'claude-3-5-sonnet', input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  { providers: ANTHROPIC, model: 'claude-haiku-4-5', input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  { providers: ANTHROPIC, model: 'claude-3-5-haiku', input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
  { providers: ANTHROPIC, model: 'claude-3-haiku', input: 0.25, output: 1.25, cacheRead: 0.03, cacheWrite: 0.3 },
  { providers: ANTHROPIC, model: 'claude-3-opus', input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  // Google Gemini (prompts up to 200k tokens)
  { providers: GEMINI, model: 'gemini-2.5-pro', input: 1.25, output: 10, cacheRead: 0.31 },
  { providers: GEMINI, model: 'gemini-2.5-flash', input: 0.3, output: 2.5, cacheRead: 0.075 },
  { providers: GEMINI, model: 'gemini-2.5-flash-lite', input: 0.1, output: 0.4, cacheRead: 0.025 },
  { providers: GEMINI, model: 'gemini-2.0-flash', input: 0.1, output: 0.4, cacheRead: 0.025 },
  // Mistral
  { providers: ['mistral_ai'], model: 'mistral-large', input: 2, output: 6 },
  { providers: ['mistral_ai'], model: 'mistral-small', input: 0.1, output: 0.3 },
];
