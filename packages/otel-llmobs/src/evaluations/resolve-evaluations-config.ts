import { diag } from '@opentelemetry/api';
import type { SpanKind } from '../conventions/model.js';
import { SPAN_KINDS } from '../conventions/model.js';
import type { FetchLike } from '../internal/fetch-like.js';
import { globalFetch } from '../internal/fetch-like.js';
import type { EvaluatorLabel } from './labels.js';
import {
  DEFAULT_FAILING_CATEGORIES,
  EVALUATOR_LABELS,
  FAILURE_TO_ANSWER_CATEGORIES,
  isEvaluatorLabel,
  LABEL_PATTERN,
  PROMPT_INJECTION_CATEGORIES,
  TOXICITY_CATEGORIES,
} from './labels.js';
import type { SamplingRule, SpanFilter } from './sampling.js';
import { nameMatcher, tagMatcher } from './sampling.js';
import type {
  AwsCredentials,
  CustomJudge,
  EvaluationsOptions,
  EvaluatorFilterOptions,
  JudgeProvider,
  LanguageDetector,
  ProviderJudgeOptions,
} from './types.js';
import { readEnv, readFirstEnv, warnInvalidEnv } from '../config/env.js';
import { checkBoolean, checkNumber, checkString, invalidConfig } from '../config/invalid-config.js';

export const EVALUATION_DEFAULTS = {
  labelPrefix: '',
  maxInputChars: 8000,
  maxContextChars: 32_000,
  maxQueueSize: 1000,
  flushTimeoutMillis: 10_000,
  mlAppSuffix: '-evals',
  timeoutMillis: 30_000,
  maxRetries: 2,
  concurrency: 4,
  maxOutputTokens: 400,
  maxCallsPerMinute: 60,
  maxTokensPerHour: 1_000_000,
  maxEvaluationsPerTrace: 20,
  openaiModel: 'gpt-4o-mini',
  openaiBaseURL: 'https://api.openai.com/v1',
  anthropicBaseURL: 'https://api.anthropic.com',
  azureApiVersion: '2024-10-21',
  sameLanguageGroups: [['id', 'ms'], ['no', 'nb', 'nn', 'da'], ['sr', 'hr', 'bs']] as readonly (readonly string[])[],
} as const;

export const JUDGE_PROVIDERS: readonly JudgeProvider[] = ['openai', 'azure_openai', 'anthropic', 'bedrock'];

/** A judge reached over HTTP, with everything it needs (secrets stay in here, never in messages). */
export type ResolvedProviderJudge =
  | { provider: 'openai'; model: string; apiKey: string | undefined; baseURL: string; compatible: boolean; headers: Record<string, string>; fetch: FetchLike }
  | {
      provider: 'azure_openai';
      model: string;
      url: string;
      apiKey: string | undefined;
      tokenProvider: (() => Promise<string>) | undefined;
      headers: Record<string, string>;
      fetch: FetchLike;
    }
  | { provider: 'anthropic'; model: string; apiKey: string; baseURL: string; headers: Record<string, string>; fetch: FetchLike }
  | {
      provider: 'bedrock';
      model: string;
      region: string;
      baseURL: string;
      apiKey: string | undefined;
      credentials: (() => Promise<AwsCredentials>) | undefined;
      headers: Record<string, string>;
      fetch: FetchLike;
    };

export type ResolvedJudge =
  | { kind: 'provider'; judge: ResolvedProviderJudge }
  | { kind: 'custom'; judge: CustomJudge }
  /** No usable judge: LLM-judged evaluators are off (one warning said why); the others still run. */
  | { kind: 'none'; reason: string };

export interface ResolvedEvaluator {
  label: EvaluatorLabel;
  /** What is submitted: `labelPrefix` + label. */
  wireLabel: string;
  filter: SpanFilter;
  topics?: readonly string[];
  unsupportedClaims?: boolean;
  failingCategories?: readonly string[];
  categories?: readonly string[];
  sameLanguageGroups?: readonly (readonly string[])[];
  detector?: LanguageDetector;
}

export interface ResolvedEvaluationsConfig {
  judge: ResolvedJudge;
  timeoutMillis: number;
  maxRetries: number;
  concurrency: number;
  maxOutputTokens: number;
  evaluators: ResolvedEvaluator[];
  samplingRules: SamplingRule[];
  maxCallsPerMinute: number;
  maxTokensPerHour: number;
  maxEvaluationsPerTrace: number;
  maxInputChars: number;
  maxContextChars: number;
  maxQueueSize: number;
  flushTimeoutMillis: number;
  mlAppSuffix: string;
}

const logger = diag.createComponentLogger({ namespace: 'otel-llmobs/config' });

/** Defaults per evaluator (spec §3.2): `all` llm spans for hallucination and prompt injection, roots otherwise. */
const ALL_LLM_SPANS: ReadonlySet<EvaluatorLabel> = new Set<EvaluatorLabel>(['hallucination', 'prompt_injection']);

const COMMON_KEYS = ['enabled', 'scope', 'sampleRate', 'samplePercent', 'spanKinds', 'spanNames', 'mlApps', 'tags'];
const OWN_KEYS: Record<EvaluatorLabel, readonly string[]> = {
  topic_relevancy: ['topics'],
  hallucination: ['unsupportedClaims'],
  failure_to_answer: ['failingCategories'],
  language_mismatch: ['sameLanguageGroups', 'detector'],
  sentiment: [],
  toxicity: ['categories'],
  prompt_injection: ['categories'],
  sensitive_data: ['failingCategories'],
};

/**
 * `undefined` when evaluations are off: no `evaluations` option and no `DD_LLMOBS_EVALUATORS`.
 * Code > environment > default; a bad code value throws a `TypeError`, a bad environment value
 * warns once and is ignored.
 */
export function resolveEvaluationsConfig(options: EvaluationsOptions | undefined): ResolvedEvaluationsConfig | undefined {
  if (options !== undefined && (options === null || typeof options !== 'object')) throw invalidConfig('evaluations', 'an object', options);
  const envLabels = options?.evaluators === undefined ? readEvaluatorsEnv() : undefined;
  if (options === undefined && envLabels === undefined) return undefined;
  if (options !== undefined && checkBoolean('evaluations.enabled', options.enabled) === false) return undefined;
  const opts = options ?? {};

  const labelPrefix = checkString('evaluations.labelPrefix', opts.labelPrefix, { nonEmpty: false }) ?? EVALUATION_DEFAULTS.labelPrefix;
  for (const label of EVALUATOR_LABELS) {
    // Caught here, at construction, not once per span by the writer.
    if (!LABEL_PATTERN.test(labelPrefix + label)) {
      throw invalidConfig('evaluations.labelPrefix', 'a prefix that keeps labels to a letter then letters, digits and _ (≤ 200 characters)', labelPrefix);
    }
  }

  const judgeOptions = opts.judge as (Partial<ProviderJudgeOptions> & Partial<CustomJudge>) | undefined;
  if (judgeOptions !== undefined && (judgeOptions === null || typeof judgeOptions !== 'object')) {
    throw invalidConfig('evaluations.judge', "an object ({ provider: 'openai' | 'azure_openai' | 'anthropic' | 'bedrock', … } or { complete(request) })", judgeOptions);
  }
  const budget = opts.budget ?? {};
  if (budget === null || typeof budget !== 'object') throw invalidConfig('evaluations.budget', 'an object', budget);

  const evaluators = opts.evaluators !== undefined ? resolveCodeEvaluators(opts.evaluators, labelPrefix) : resolveEnvEvaluators(envLabels ?? [], labelPrefix);
  if (evaluators.length === 0) logger.warn('Configuration: evaluations are on but no evaluator is enabled; nothing will be evaluated');

  return {
    judge: resolveJudge(judgeOptions, evaluators),
    timeoutMillis: checkNumber('evaluations.judge.timeoutMillis', judgeOptions?.timeoutMillis, { min: 1 }) ?? EVALUATION_DEFAULTS.timeoutMillis,
    maxRetries: checkNumber('evaluations.judge.maxRetries', judgeOptions?.maxRetries, { integer: true }) ?? EVALUATION_DEFAULTS.maxRetries,
    concurrency: checkNumber('evaluations.judge.concurrency', judgeOptions?.concurrency, { integer: true, min: 1 }) ?? EVALUATION_DEFAULTS.concurrency,
    maxOutputTokens: checkNumber('evaluations.judge.maxOutputTokens', judgeOptions?.maxOutputTokens, { integer: true, min: 16 }) ?? EVALUATION_DEFAULTS.maxOutputTokens,
    evaluators,
    samplingRules: readSamplingRulesEnv(),
    maxCallsPerMinute: checkNumber('evaluations.budget.maxCallsPerMinute', budget.maxCallsPerMinute, { min: 0 }) ?? EVALUATION_DEFAULTS.maxCallsPerMinute,
    maxTokensPerHour: checkNumber('evaluations.budget.maxTokensPerHour', budget.maxTokensPerHour, { min: 0 }) ?? EVALUATION_DEFAULTS.maxTokensPerHour,
    maxEvaluationsPerTrace:
      checkNumber('evaluations.budget.maxEvaluationsPerTrace', budget.maxEvaluationsPerTrace, { integer: true, min: 1 }) ?? EVALUATION_DEFAULTS.maxEvaluationsPerTrace,
    maxInputChars: checkNumber('evaluations.maxInputChars', opts.maxInputChars, { integer: true, min: 100 }) ?? EVALUATION_DEFAULTS.maxInputChars,
    maxContextChars: checkNumber('evaluations.maxContextChars', opts.maxContextChars, { integer: true, min: 100 }) ?? EVALUATION_DEFAULTS.maxContextChars,
    maxQueueSize: checkNumber('evaluations.maxQueueSize', opts.maxQueueSize, { integer: true, min: 1 }) ?? EVALUATION_DEFAULTS.maxQueueSize,
    flushTimeoutMillis: checkNumber('evaluations.flushTimeoutMillis', opts.flushTimeoutMillis, { min: 0 }) ?? EVALUATION_DEFAULTS.flushTimeoutMillis,
    mlAppSuffix: checkString('evaluations.mlAppSuffix', opts.mlAppSuffix, { nonEmpty: false }) ?? EVALUATION_DEFAULTS.mlAppSuffix,
  };
}

// -------------------------------------------------------------------------------------------------
// Evaluators

function resolveCodeEvaluators(evaluators: unknown, labelPrefix: string): ResolvedEvaluator[] {
  if (evaluators === null || typeof evaluators !== 'object' || Array.isArray(evaluators)) {
    throw invalidConfig('evaluations.evaluators', `an object keyed by evaluator (${EVALUATOR_LABELS.join(', ')})`, evaluators);
  }
  const resolved: ResolvedEvaluator[] = [];
  for (const [label, value] of Object.entries(evaluators as Record<string, unknown>)) {
    if (!isEvaluatorLabel(label)) throw invalidConfig('evaluations.evaluators', `keys among ${EVALUATOR_LABELS.join(', ')}`, label);
    if (value === undefined) continue;
    const name = `evaluations.evaluators.${label}`;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidConfig(name, 'an object (use {} for the defaults)', value);
    const opts = value as Record<string, unknown>;
    for (const key of Object.keys(opts)) {
      if (!COMMON_KEYS.includes(key) && !OWN_KEYS[label].includes(key)) {
        throw invalidConfig(`${name}.${key}`, `one of the options ${[...COMMON_KEYS, ...OWN_KEYS[label]].join(', ')}`, key);
      }
    }
    if (checkBoolean(`${name}.enabled`, opts.enabled) === false) continue;
    const evaluator = resolveOwnOptions(label, name, opts, labelPrefix, resolveFilter(label, name, opts));
    if (evaluator) resolved.push(evaluator);
  }
  return resolved;
}

function resolveEnvEvaluators(labels: readonly EvaluatorLabel[], labelPrefix: string): ResolvedEvaluator[] {
  const resolved: ResolvedEvaluator[] = [];
  for (const label of labels) {
    const evaluator = resolveOwnOptions(label, `DD_LLMOBS_EVALUATORS ${label}`, {}, labelPrefix, resolveFilter(label, label, {}));
    if (evaluator) resolved.push(evaluator);
  }
  return resolved;
}

function resolveFilter(label: EvaluatorLabel, name: string, opts: EvaluatorFilterOptions): SpanFilter {
  const scope = opts.scope;
  if (scope !== undefined && scope !== 'root' && scope !== 'all') throw invalidConfig(`${name}.scope`, "'root' or 'all'", scope);
  let sampleRate: number | undefined;
  if (opts.sampleRate !== undefined) {
    if (typeof opts.sampleRate !== 'number' || !(opts.sampleRate >= 0 && opts.sampleRate <= 1)) {
      throw invalidConfig(`${name}.sampleRate`, 'a number between 0 and 1', opts.sampleRate);
    }
    sampleRate = opts.sampleRate;
  } else if (opts.samplePercent !== undefined) {
    if (typeof opts.samplePercent !== 'number' || !(opts.samplePercent >= 0 && opts.samplePercent <= 100)) {
      throw invalidConfig(`${name}.samplePercent`, 'a number between 0 and 100', opts.samplePercent);
    }
    sampleRate = opts.samplePercent / 100;
  }
  const spanKinds = checkList(`${name}.spanKinds`, opts.spanKinds, SPAN_KINDS) as SpanKind[] | undefined;
  const spanNames = checkList(`${name}.spanNames`, opts.spanNames);
  const mlApps = checkList(`${name}.mlApps`, opts.mlApps);
  const tags = checkList(`${name}.tags`, opts.tags);
  const allLLM = ALL_LLM_SPANS.has(label);
  return {
    scope: scope ?? (allLLM ? 'all' : 'root'),
    sampleRate: sampleRate ?? 1,
    sampleRateFromCode: sampleRate !== undefined,
    spanKinds: new Set(spanKinds ?? (allLLM ? ['llm'] : SPAN_KINDS)),
    spanNames: spanNames?.map(nameMatcher),
    mlApps: mlApps ? new Set(mlApps) : undefined,
    tags: tags?.map(tagMatcher),
  };
}

function resolveOwnOptions(
  label: EvaluatorLabel,
  name: string,
  opts: Record<string, unknown>,
  labelPrefix: string,
  filter: SpanFilter,
): ResolvedEvaluator | undefined {
  const evaluator: ResolvedEvaluator = { label, wireLabel: labelPrefix + label, filter };
  switch (label) {
    case 'topic_relevancy': {
      const topics = checkList(`${name}.topics`, opts.topics);
      if (!topics || topics.length === 0) {
        logger.warn('Configuration: evaluator topic_relevancy needs `topics` (what the application is about); it is disabled');
        return undefined;
      }
      evaluator.topics = topics;
      break;
    }
    case 'hallucination':
      evaluator.unsupportedClaims = checkBoolean(`${name}.unsupportedClaims`, opts.unsupportedClaims) ?? false;
      break;
    case 'failure_to_answer':
      evaluator.failingCategories = checkList(`${name}.failingCategories`, opts.failingCategories, FAILURE_TO_ANSWER_CATEGORIES) ?? DEFAULT_FAILING_CATEGORIES;
      break;
    case 'toxicity':
      evaluator.categories = checkList(`${name}.categories`, opts.categories, TOXICITY_CATEGORIES) ?? TOXICITY_CATEGORIES;
      break;
    case 'prompt_injection':
      evaluator.categories = checkList(`${name}.categories`, opts.categories, PROMPT_INJECTION_CATEGORIES) ?? PROMPT_INJECTION_CATEGORIES;
      break;
    case 'sensitive_data': {
      const failing = checkList(`${name}.failingCategories`, opts.failingCategories);
      if (failing) evaluator.failingCategories = failing;
      break;
    }
    case 'language_mismatch': {
      const groups = opts.sameLanguageGroups;
      if (groups !== undefined && (!Array.isArray(groups) || groups.some((g) => !Array.isArray(g) || g.some((l) => typeof l !== 'string')))) {
        throw invalidConfig(`${name}.sameLanguageGroups`, 'an array of arrays of ISO 639-1 codes', groups);
      }
      evaluator.sameLanguageGroups = (groups as string[][] | undefined) ?? EVALUATION_DEFAULTS.sameLanguageGroups;
      const detector = opts.detector;
      if (detector !== undefined) {
        if (detector === null || typeof detector !== 'object' || typeof (detector as LanguageDetector).detect !== 'function') {
          throw invalidConfig(`${name}.detector`, 'an object with detect(text)', detector);
        }
        evaluator.detector = detector as LanguageDetector;
      }
      break;
    }
    case 'sentiment':
      break;
  }
  return evaluator;
}

function checkList(name: string, value: unknown, allowed?: readonly string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) throw invalidConfig(name, 'an array of non-empty strings', value);
  if (allowed) {
    const unknown = (value as string[]).find((v) => !allowed.includes(v));
    if (unknown !== undefined) throw invalidConfig(name, `values among ${allowed.join(', ')}`, unknown);
  }
  return [...(value as string[])];
}

/** `DD_LLMOBS_EVALUATORS`: a comma list; unknown labels (a Python service's `ragas_faithfulness`) warn once and are ignored. */
function readEvaluatorsEnv(): EvaluatorLabel[] | undefined {
  const env = readEnv('DD_LLMOBS_EVALUATORS');
  if (env === undefined) return undefined;
  const labels: EvaluatorLabel[] = [];
  const unknown: string[] = [];
  for (const raw of env.split(',')) {
    const label = raw.trim();
    if (label === '') continue;
    if (isEvaluatorLabel(label)) {
      if (!labels.includes(label)) labels.push(label);
    } else unknown.push(label);
  }
  if (unknown.length > 0) {
    logger.warn(`Configuration: DD_LLMOBS_EVALUATORS names evaluators we do not have (${unknown.join(', ')}); they are ignored (ours: ${EVALUATOR_LABELS.join(', ')})`);
  }
  return labels;
}

/** `DD_LLMOBS_EVALUATOR_SAMPLING_RULES`: `[{sample_rate, evaluator_label?, span_name?}]`; a bad list warns and is ignored. */
function readSamplingRulesEnv(): SamplingRule[] {
  const env = readEnv('DD_LLMOBS_EVALUATOR_SAMPLING_RULES');
  if (env === undefined) return [];
  const expected = 'a JSON list of {"sample_rate": 0..1, "evaluator_label"?: string, "span_name"?: string}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(env);
  } catch {
    warnInvalidEnv('DD_LLMOBS_EVALUATOR_SAMPLING_RULES', expected, env);
    return [];
  }
  if (!Array.isArray(parsed)) {
    warnInvalidEnv('DD_LLMOBS_EVALUATOR_SAMPLING_RULES', expected, env);
    return [];
  }
  const rules: SamplingRule[] = [];
  let bad = false;
  for (const entry of parsed as unknown[]) {
    const e = entry as Record<string, unknown> | null;
    const rate = e?.sample_rate;
    if (e === null || typeof e !== 'object' || typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      bad = true;
      continue;
    }
    const rule: SamplingRule = { sampleRate: rate };
    if (typeof e.evaluator_label === 'string') rule.evaluatorLabel = e.evaluator_label;
    if (typeof e.span_name === 'string') rule.spanName = e.span_name;
    rules.push(rule);
  }
  if (bad) warnInvalidEnv('DD_LLMOBS_EVALUATOR_SAMPLING_RULES', `${expected} (bad entries are ignored)`, env);
  return rules;
}

// -------------------------------------------------------------------------------------------------
// Judge

const NEEDS_JUDGE: ReadonlySet<EvaluatorLabel> = new Set<EvaluatorLabel>(['topic_relevancy', 'hallucination', 'failure_to_answer', 'sentiment', 'toxicity', 'prompt_injection']);

function resolveJudge(code: (Partial<ProviderJudgeOptions> & Partial<CustomJudge>) | undefined, evaluators: readonly ResolvedEvaluator[]): ResolvedJudge {
  if (code !== undefined && typeof code.complete === 'function') {
    if (code.provider !== undefined) throw invalidConfig('evaluations.judge', 'either a provider or complete(), not both', code.provider);
    return { kind: 'custom', judge: code as CustomJudge };
  }
  if (code !== undefined && code.complete !== undefined) throw invalidConfig('evaluations.judge.complete', 'a function', code.complete);
  const wanted = evaluators.some((e) => NEEDS_JUDGE.has(e.label));
  const provider = resolveProvider(code?.provider);
  const none = (reason: string): ResolvedJudge => {
    if (wanted) logger.warn(`Configuration: no judge for the LLM-judged evaluations (${reason}); they are off, the others run`);
    return { kind: 'none', reason };
  };
  if (provider === undefined) return none('set evaluations.judge, or OTEL_LLMOBS_JUDGE_PROVIDER, or OPENAI_API_KEY / ANTHROPIC_API_KEY / AZURE_OPENAI_API_KEY');
  const c = code ?? {};
  const headers = checkHeaders(c.headers);
  const fetch = c.fetch !== undefined ? checkFetch(c.fetch) : globalFetch;
  const model = checkString('evaluations.judge.model', c.model) ?? readEnv('OTEL_LLMOBS_JUDGE_MODEL');
  switch (provider) {
    case 'openai': {
      const codeBase = checkUrl('evaluations.judge.baseURL', c.baseURL);
      const envBase = codeBase === undefined ? readUrlEnv('OPENAI_BASE_URL') : undefined;
      const base = codeBase ?? envBase;
      const apiKey = checkString('evaluations.judge.apiKey', c.apiKey, { secret: true }) ?? readEnv('OPENAI_API_KEY');
      // A local compatible server (Ollama, vLLM) needs no key; OpenAI's own API does.
      if (apiKey === undefined && base === undefined) return none('provider openai without an API key (apiKey or OPENAI_API_KEY)');
      const baseURL = (base ?? EVALUATION_DEFAULTS.openaiBaseURL).replace(/\/+$/, '');
      return {
        kind: 'provider',
        judge: { provider, model: model ?? EVALUATION_DEFAULTS.openaiModel, apiKey, baseURL, compatible: !/^https:\/\/api\.openai\.com(\/|$)/.test(baseURL), headers, fetch },
      };
    }
    case 'azure_openai': {
      const apiKey = checkString('evaluations.judge.apiKey', c.apiKey, { secret: true }) ?? readEnv('AZURE_OPENAI_API_KEY');
      const tokenProvider = c.azureADTokenProvider;
      if (tokenProvider !== undefined && typeof tokenProvider !== 'function') throw invalidConfig('evaluations.judge.azureADTokenProvider', 'a function', tokenProvider);
      const resource = checkString('evaluations.judge.resource', c.resource);
      const endpoint =
        checkUrl('evaluations.judge.endpoint', c.endpoint ?? c.baseURL) ??
        (resource !== undefined ? `https://${resource}.openai.azure.com` : readUrlEnv('AZURE_OPENAI_ENDPOINT'));
      const deployment = checkString('evaluations.judge.deployment', c.deployment) ?? readEnv('AZURE_OPENAI_DEPLOYMENT') ?? model;
      const apiVersion = checkString('evaluations.judge.apiVersion', c.apiVersion) ?? readEnv('AZURE_OPENAI_API_VERSION') ?? EVALUATION_DEFAULTS.azureApiVersion;
      if (endpoint === undefined || deployment === undefined) return none('azure_openai needs an endpoint (or resource) and a deployment (AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_DEPLOYMENT)');
      if (apiKey === undefined && tokenProvider === undefined) return none('azure_openai without an API key (apiKey, AZURE_OPENAI_API_KEY) or azureADTokenProvider');
      const url = `${endpoint.replace(/\/+$/, '')}/openai/deployments/${encodeURIComponent(deployment)}/chat/completions?api-version=${encodeURIComponent(apiVersion)}`;
      return { kind: 'provider', judge: { provider, model: model ?? deployment, url, apiKey, tokenProvider, headers, fetch } };
    }
    case 'anthropic': {
      const apiKey = checkString('evaluations.judge.apiKey', c.apiKey, { secret: true }) ?? readEnv('ANTHROPIC_API_KEY');
      if (model === undefined) {
        if (code?.provider !== undefined) throw invalidConfig('evaluations.judge.model', "a model id for provider 'anthropic' (Haiku ids rotate: name one)", undefined);
        return none('anthropic needs a model (OTEL_LLMOBS_JUDGE_MODEL)');
      }
      if (apiKey === undefined) return none('anthropic without an API key (apiKey or ANTHROPIC_API_KEY)');
      const baseURL = (checkUrl('evaluations.judge.baseURL', c.baseURL) ?? EVALUATION_DEFAULTS.anthropicBaseURL).replace(/\/+$/, '');
      return { kind: 'provider', judge: { provider, model, apiKey, baseURL, headers, fetch } };
    }
    case 'bedrock': {
      if (model === undefined) {
        if (code?.provider !== undefined) throw invalidConfig('evaluations.judge.model', "a Bedrock model id for provider 'bedrock'", undefined);
        return none('bedrock needs a model (OTEL_LLMOBS_JUDGE_MODEL)');
      }
      const region = checkString('evaluations.judge.region', c.region) ?? readFirstEnv(['AWS_REGION', 'AWS_DEFAULT_REGION'])?.value;
      if (region === undefined) return none('bedrock needs a region (region, AWS_REGION)');
      const apiKey = checkString('evaluations.judge.apiKey', c.apiKey, { secret: true }) ?? readEnv('AWS_BEARER_TOKEN_BEDROCK');
      const credentials = resolveAwsCredentials(c.credentials);
      if (apiKey === undefined && credentials === undefined) return none('bedrock without credentials (credentials, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or a Bedrock API key)');
      const baseURL = (checkUrl('evaluations.judge.baseURL', c.baseURL) ?? `https://bedrock-runtime.${region}.amazonaws.com`).replace(/\/+$/, '');
      return { kind: 'provider', judge: { provider, model, region, baseURL, apiKey, credentials, headers, fetch } };
    }
  }
}

/** Code, else `OTEL_LLMOBS_JUDGE_PROVIDER`, else the first provider whose key is in the environment. */
function resolveProvider(code: unknown): JudgeProvider | undefined {
  if (code !== undefined) {
    if (!(JUDGE_PROVIDERS as readonly unknown[]).includes(code)) {
      throw invalidConfig('evaluations.judge.provider', `${JUDGE_PROVIDERS.map((p) => `'${p}'`).join(', ')} (or a judge with complete())`, code);
    }
    return code as JudgeProvider;
  }
  const env = readEnv('OTEL_LLMOBS_JUDGE_PROVIDER');
  if (env !== undefined) {
    const value = env.toLowerCase();
    if ((JUDGE_PROVIDERS as readonly string[]).includes(value)) return value as JudgeProvider;
    warnInvalidEnv('OTEL_LLMOBS_JUDGE_PROVIDER', JUDGE_PROVIDERS.join(' or '), env);
  }
  if (readEnv('OPENAI_API_KEY') !== undefined || readEnv('OPENAI_BASE_URL') !== undefined) return 'openai';
  if (readEnv('AZURE_OPENAI_API_KEY') !== undefined && readEnv('AZURE_OPENAI_ENDPOINT') !== undefined) return 'azure_openai';
  if (readEnv('ANTHROPIC_API_KEY') !== undefined && readEnv('OTEL_LLMOBS_JUDGE_MODEL') !== undefined) return 'anthropic';
  return undefined;
}

function resolveAwsCredentials(code: unknown): (() => Promise<AwsCredentials>) | undefined {
  if (typeof code === 'function') return code as () => Promise<AwsCredentials>;
  if (code !== undefined) {
    const c = (code !== null && typeof code === 'object' ? code : {}) as Record<string, unknown>;
    const { accessKeyId, secretAccessKey, sessionToken } = c;
    if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string' || (sessionToken !== undefined && typeof sessionToken !== 'string')) {
      throw invalidConfig('evaluations.judge.credentials', '{ accessKeyId, secretAccessKey, sessionToken? } or a function returning them', '<redacted>', true);
    }
    const fixed: AwsCredentials = sessionToken !== undefined ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
    return () => Promise.resolve(fixed);
  }
  const accessKeyId = readEnv('AWS_ACCESS_KEY_ID');
  const secretAccessKey = readEnv('AWS_SECRET_ACCESS_KEY');
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  const sessionToken = readEnv('AWS_SESSION_TOKEN');
  const fromEnv: AwsCredentials = sessionToken !== undefined ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
  return () => Promise.resolve(fromEnv);
}

function checkUrl(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^https?:\/\/[^\s/]+/.test(value)) throw invalidConfig(name, 'an http(s) URL', value);
  return value;
}

function readUrlEnv(name: string): string | undefined {
  const value = readEnv(name);
  if (value === undefined) return undefined;
  if (/^https?:\/\/[^\s/]+/.test(value)) return value;
  warnInvalidEnv(name, 'an http(s) URL', value);
  return undefined;
}

function checkHeaders(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Object.values(value).some((v) => typeof v !== 'string')) {
    throw invalidConfig('evaluations.judge.headers', 'an object of string header values', '<redacted>', true);
  }
  return { ...(value as Record<string, string>) };
}

function checkFetch(value: unknown): FetchLike {
  if (typeof value !== 'function') throw invalidConfig('evaluations.judge.fetch', 'a fetch function', value);
  return value as FetchLike;
}
