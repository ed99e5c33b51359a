import type { SpanKind } from '../conventions/model.js';
import type { EvaluationWriter } from '../datadog/evaluation-writer.js';
import type { EvaluationWriterOptions } from '../config/resolve-evaluation-config.js';
import type { FetchLike } from '../internal/fetch-like.js';
import type { EvaluationMethod, EvaluatorLabel, FailureToAnswerCategory, PromptInjectionCategory, ToxicityCategory } from './labels.js';

// ------------------------------------------------------------------------------------------------
// The judge

/** What every judge is asked: one system message, one user message, and the answer's JSON schema. */
export interface JudgeRequest {
  system: string;
  user: string;
  /** JSON schema of the answer (`enum` only: no `anyOf`, `const` or numeric bounds, so every provider takes it). */
  schema: Record<string, unknown>;
  /** Name of the schema / forced tool (`submit_evaluation`). */
  schemaName: string;
  maxOutputTokens: number;
  /** Aborted on timeout and at shutdown. */
  signal?: AbortSignal;
}

export interface JudgeUsage {
  inputTokens: number;
  outputTokens: number;
}

/** A custom judge's answer: the text (or already-parsed object) and its token usage. */
export interface JudgeCompletion {
  /** The raw answer text (JSON, possibly fenced or inside prose). */
  text?: string;
  /** An already structured answer (a tool call's input, a parsed `json_schema` answer). */
  structured?: unknown;
  usage?: JudgeUsage;
  /** `true` when the model stopped at the output limit (`finish_reason: length`, `max_tokens`). */
  truncated?: boolean;
  /** The model that answered, when the provider says. */
  model?: string;
}

/** How judge calls are made (spec §2.3), for any judge. */
export interface JudgeCallOptions {
  /** Per attempt. Default 30 000 ms. */
  timeoutMillis?: number;
  /** On 408, 409, 429, 5xx and network errors. Default 2. */
  maxRetries?: number;
  /** Judge calls in flight, over all evaluators. Default 4. */
  concurrency?: number;
  /** Default 400. */
  maxOutputTokens?: number;
}

/** A judge of your own: any client that completes a request. A rejection counts as a judge error. */
export interface CustomJudge extends JudgeCallOptions {
  complete(request: JudgeRequest): Promise<JudgeCompletion>;
  /** Shown as `judge_model` (default `custom`). */
  model?: string;
}

export type JudgeProvider = 'openai' | 'azure_openai' | 'anthropic' | 'bedrock';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** A provider's judge (spec §2.1). Missing values come from the environment. */
export interface ProviderJudgeOptions extends JudgeCallOptions {
  provider: JudgeProvider;
  /** Default `gpt-4o-mini` for OpenAI; the deployment for Azure; required for Anthropic and Bedrock (env `OTEL_LLMOBS_JUDGE_MODEL`). */
  model?: string;
  /** OpenAI (`OPENAI_API_KEY`), Azure (`AZURE_OPENAI_API_KEY`), Anthropic (`ANTHROPIC_API_KEY`), or a Bedrock API key (Bearer). */
  apiKey?: string;
  /** OpenAI and compatible servers (vLLM, Ollama, LiteLLM): includes the version path, e.g. `http://localhost:11434/v1` (env `OPENAI_BASE_URL`). Anthropic and Bedrock: another endpoint root. */
  baseURL?: string;
  /** Azure: `https://{resource}.openai.azure.com` (env `AZURE_OPENAI_ENDPOINT`). */
  endpoint?: string;
  /** Azure: `resource` builds the endpoint when `endpoint` is not given. */
  resource?: string;
  /** Azure deployment (env `AZURE_OPENAI_DEPLOYMENT`). */
  deployment?: string;
  /** Azure api-version (env `AZURE_OPENAI_API_VERSION`, default `2024-10-21`). */
  apiVersion?: string;
  /** Azure: an Entra ID token (sent as `Authorization: Bearer`) instead of an API key. */
  azureADTokenProvider?: () => Promise<string>;
  /** Bedrock region (env `AWS_REGION`, `AWS_DEFAULT_REGION`). */
  region?: string;
  /** Bedrock credentials (env `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), or a provider such as the AWS SDK's `fromNodeProviderChain()`. */
  credentials?: AwsCredentials | (() => Promise<AwsCredentials>);
  /** Extra request headers (a gateway's, an organization id …). */
  headers?: Record<string, string>;
  /** The `fetch` to use (default: the global one, resolved at call time). */
  fetch?: FetchLike;
}

export type JudgeOptions = ProviderJudgeOptions | CustomJudge;

// ------------------------------------------------------------------------------------------------
// Evaluators

/** Which spans an evaluator looks at (spec §3.2). */
export interface EvaluatorFilterOptions {
  /** Default true when the evaluator is listed. */
  enabled?: boolean;
  /** `root` (no LLM Observability parent: Datadog's "Traces") or `all`. */
  scope?: 'root' | 'all';
  /** 0..1, decided per span from its ids. Default 1. */
  sampleRate?: number;
  /** 0..100, as in Datadog's UI; `sampleRate` wins. */
  samplePercent?: number;
  spanKinds?: readonly SpanKind[];
  /** Exact names or `*` globs. */
  spanNames?: readonly string[];
  mlApps?: readonly string[];
  /** `key:value` tags the span must all carry; `key:*` accepts any value. */
  tags?: readonly string[];
}

export interface TopicRelevancyOptions extends EvaluatorFilterOptions {
  /** What the application is for, as specific as you can ("customer questions about buying furniture in an e-commerce store"). Required. */
  topics?: readonly string[];
}

export interface HallucinationOptions extends EvaluatorFilterOptions {
  /** Also flag claims the context does not support (not only contradictions). Default false. */
  unsupportedClaims?: boolean;
}

export interface FailureToAnswerOptions extends EvaluatorFilterOptions {
  /** Values whose assessment is `fail`. Default `['empty_response', 'refusal_response']`. */
  failingCategories?: readonly FailureToAnswerCategory[];
}

export interface LanguageDetection {
  lang: string;
  confidence: number;
}

/** A language identifier: ISO 639-1 code and confidence, or `undefined` when it cannot tell. */
export interface LanguageDetector {
  detect(text: string): LanguageDetection | undefined;
  /** Sides below it count as undetected (the pair is skipped). */
  confidenceFloor?: number;
}

export interface LanguageMismatchOptions extends EvaluatorFilterOptions {
  /** Languages counted as one. Default `[["id","ms"], ["no","nb","nn","da"], ["sr","hr","bs"]]`. */
  sameLanguageGroups?: readonly (readonly string[])[];
  /** Another detector (eld, cld3-asm …). Default: tinyld, loaded when first needed. */
  detector?: LanguageDetector;
}

export interface ToxicityOptions extends EvaluatorFilterOptions {
  categories?: readonly ToxicityCategory[];
}

export interface PromptInjectionOptions extends EvaluatorFilterOptions {
  categories?: readonly PromptInjectionCategory[];
}

export interface SensitiveDataEvaluatorOptions extends EvaluatorFilterOptions {
  /** Categories whose presence fails the evaluation. Default: all. */
  failingCategories?: readonly string[];
}

export interface EvaluatorsOptions {
  topic_relevancy?: TopicRelevancyOptions;
  hallucination?: HallucinationOptions;
  failure_to_answer?: FailureToAnswerOptions;
  language_mismatch?: LanguageMismatchOptions;
  sentiment?: EvaluatorFilterOptions;
  toxicity?: ToxicityOptions;
  prompt_injection?: PromptInjectionOptions;
  sensitive_data?: SensitiveDataEvaluatorOptions;
}

export interface EvaluationBudgetOptions {
  /** Judge calls per minute (token bucket); excess work is dropped. Default 60. */
  maxCallsPerMinute?: number;
  /** Judge tokens per hour (reserved before a call, settled after). Default 1 000 000. */
  maxTokensPerHour?: number;
  /** Evaluation jobs per trace (agent loops). Default 20. */
  maxEvaluationsPerTrace?: number;
}

/** One evaluation, as submitted and as given to `onEvaluation`. */
export interface EvaluationResult {
  label: string;
  evaluator: EvaluatorLabel;
  method: EvaluationMethod;
  value: string;
  assessment: 'pass' | 'fail';
  reasoning: string;
  metadata: Record<string, unknown>;
  tags: Record<string, string>;
  mlApp: string;
  /** The evaluated span: LLM Observability trace id (32 hex), OTel trace id when it differs, span id (16 hex). */
  traceId: string;
  apmTraceId?: string;
  spanId: string;
  spanName: string;
  spanKind: SpanKind;
  timestampMs: number;
}

/** A Logs API `Logger` (structurally: `@opentelemetry/api-logs`), for `gen_ai.evaluation.result` events. */
export interface EvaluationEventLogger {
  emit(record: Record<string, unknown>): void;
}

/** An OTel `MeterProvider` (structurally), for the judge-usage metrics. */
export interface MeterProviderLike {
  getMeter(name: string, version?: string): {
    createCounter(name: string, options?: { description?: string; unit?: string }): { add(value: number, attributes?: Record<string, string>): void };
    createHistogram(name: string, options?: { description?: string; unit?: string }): { record(value: number, attributes?: Record<string, string>): void };
  };
}

/** `new LLMObsSpanProcessor({ evaluations })` (docs/evaluations.md). */
export interface EvaluationsOptions {
  /** Default true when `evaluations` is given. */
  enabled?: boolean;
  /** A provider (`openai`, `azure_openai`, `anthropic`, `bedrock`) or your own `{ complete(request) }`. Default from `OTEL_LLMOBS_JUDGE_PROVIDER` … */
  judge?: JudgeOptions;
  /** Evaluators to run, by label (env `DD_LLMOBS_EVALUATORS`). */
  evaluators?: EvaluatorsOptions;
  budget?: EvaluationBudgetOptions;
  /** Put before every label, e.g. `ollm_` (default none). */
  labelPrefix?: string;
  /** Each evaluated text is capped (head and tail kept). Default 8000. */
  maxInputChars?: number;
  /** The RAG context is never cut: above this the span is skipped (`context_too_long`). Default 32 000. */
  maxContextChars?: number;
  /** Evaluation jobs waiting; beyond it new ones are dropped (`queue_full`). Default 1000. */
  maxQueueSize?: number;
  /** How long `forceFlush()`/`shutdown()` wait for queued evaluations. Default 10 000 ms. */
  flushTimeoutMillis?: number;
  /** Spans whose ml_app ends with it are never evaluated (the judge's own, when traced). Default `-evals`. */
  mlAppSuffix?: string;
  /**
   * Where evaluations go: an `EvaluationWriter`, options for one, or `false` (only `onEvaluation` /
   * `eventLogger`). Default: a writer routed like the default exporter (the environment); with an
   * OTLP exporter, ids as decimals and `source:otel` (Datadog's OTLP intake).
   */
  writer?: EvaluationWriter | EvaluationWriterOptions | false;
  /** Called with each result (after submission). Errors are caught. The runner keeps no reference to the span: the result carries its ids, name and kind. */
  onEvaluation?: (result: EvaluationResult) => void;
  /** Emits each result as a `gen_ai.evaluation.result` event, parented to the evaluated span. */
  eventLogger?: EvaluationEventLogger;
  /** Judge-usage metrics (`otel_llmobs.evaluations.*`). */
  meterProvider?: MeterProviderLike;
}

/** `processor.stats().evaluations` (spec §2.4). */
export interface EvaluationStats {
  sampled: number;
  skipped: Record<string, number>;
  judged: number;
  submitted: number;
  judge_errors: Record<string, number>;
  parse_errors: number;
  dropped: Record<string, number>;
  tokens: { input: number; output: number; total: number };
}
