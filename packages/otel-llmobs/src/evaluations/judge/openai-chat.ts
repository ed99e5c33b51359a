import type { FetchLike } from '../../internal/fetch-like.js';
import type { JudgeCompletion, JudgeRequest } from '../types.js';
import { field, numberField, postJudge } from './http-attempt.js';
import type { JudgeAdapter, JudgeAttempt } from './judge-attempt.js';

/** Structured output, best first: strict JSON schema, JSON mode, then the prompt alone (spec §2.1). */
const OPENAI_MODES = ['json_schema', 'json_object', 'prompt'] as const;
type OpenAIMode = (typeof OPENAI_MODES)[number];

const STRUCTURED_OUTPUT_WORDS = /response_format|json_schema|json_object|structured output/i;

export interface OpenAIChatTarget {
  server: 'openai' | 'openai_compatible' | 'azure_openai';
  url: string;
  model: string;
  /** Headers per request (auth may be a fresh Entra token). */
  headers: () => Promise<Record<string, string>>;
  fetch: FetchLike;
  /** OpenAI's own API wants `max_completion_tokens` (reasoning models refuse `max_tokens`); compatible servers know `max_tokens`. */
  tokenLimitField: 'max_tokens' | 'max_completion_tokens';
}

/** The Chat Completions wire shape: OpenAI, Azure OpenAI and every OpenAI-compatible server. */
export function createOpenAIChatAdapter(target: OpenAIChatTarget): JudgeAdapter {
  let mode: OpenAIMode = 'json_schema';
  return {
    server: target.server,
    model: target.model,
    modelProvider: 'openai',
    async attempt(request: JudgeRequest): Promise<JudgeAttempt> {
      const body: Record<string, unknown> = {
        model: target.model,
        messages: [
          { role: 'system', content: request.system },
          { role: 'user', content: request.user },
        ],
        temperature: 0,
        [target.tokenLimitField]: request.maxOutputTokens,
      };
      if (mode === 'json_schema') {
        body.response_format = { type: 'json_schema', json_schema: { name: request.schemaName, strict: true, schema: request.schema } };
      } else if (mode === 'json_object') {
        body.response_format = { type: 'json_object' };
      }
      const headers = await target.headers();
      return postJudge(target.fetch, target.url, headers, JSON.stringify(body), request.signal, readChatCompletion, STRUCTURED_OUTPUT_WORDS);
    },
    degrade(): boolean {
      const next = OPENAI_MODES[OPENAI_MODES.indexOf(mode) + 1];
      if (next === undefined) return false;
      mode = next;
      return true;
    },
  };
}

function readChatCompletion(json: unknown): JudgeAttempt {
  const choices = field(json, 'choices');
  const choice: unknown = Array.isArray(choices) ? choices[0] : undefined;
  const message = field(choice, 'message');
  const content = field(message, 'content');
  const refusal = field(message, 'refusal');
  if (typeof content !== 'string' && typeof refusal !== 'string') {
    return { ok: false, error: 'bad_response', retryable: false, detail: 'no choices[0].message.content in the answer' };
  }
  const completion: JudgeCompletion = { text: typeof content === 'string' ? content : '' };
  if (field(choice, 'finish_reason') === 'length') completion.truncated = true;
  const usage = field(json, 'usage');
  const input = numberField(usage, 'prompt_tokens');
  const output = numberField(usage, 'completion_tokens');
  if (input !== undefined || output !== undefined) completion.usage = { inputTokens: input ?? 0, outputTokens: output ?? 0 };
  const model = field(json, 'model');
  if (typeof model === 'string' && model !== '') completion.model = model;
  return { ok: true, completion };
}
