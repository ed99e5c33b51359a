import type { JudgeCompletion, JudgeRequest } from '../types.js';

/** Why a judge call failed: the keys of `stats().evaluations.judge_errors`. */
export type JudgeErrorKind =
  /** no answer within `timeoutMillis` */
  | 'timeout'
  /** connection refused or reset, DNS … */
  | 'network'
  /** 429 after the retries */
  | 'rate_limited'
  /** 5xx (or 408/409) after the retries */
  | 'server_error'
  /** 401/403: the key or credentials were refused */
  | 'auth'
  /** another 4xx: the request was refused */
  | 'rejected'
  /** the model hit the output limit before finishing its verdict */
  | 'truncated'
  /** a 200 whose body is not the provider's response shape */
  | 'bad_response'
  /** a custom judge's `complete()` rejected or threw */
  | 'custom_error'
  /** the judge could not be set up (missing credentials, missing optional package) */
  | 'unavailable'
  /** stopped by `shutdown()` (counted as dropped, not as a judge error) */
  | 'cancelled';

/** One attempt of a judge call: never rejects. */
export type JudgeAttempt =
  | { ok: true; completion: JudgeCompletion }
  | { ok: false; error: JudgeErrorKind; retryable: boolean; retryAfterMs?: number; detail: string; structuredOutputRefused?: boolean };

/**
 * `server` is the `model_server` tag: the adapter (`openai`, `azure_openai`, `anthropic`, `bedrock`,
 * `openai_compatible`, `custom`); `modelProvider` is the model's vendor.
 */
export interface JudgeAdapter {
  readonly server: string;
  readonly model: string;
  readonly modelProvider: string;
  /** One attempt; the caller retries. `degrade()` is called when the provider refused the structured-output mode. */
  attempt(request: JudgeRequest): Promise<JudgeAttempt>;
  /** Falls back to the next structured-output mode; `false` when there is none left. */
  degrade?(): boolean;
}
