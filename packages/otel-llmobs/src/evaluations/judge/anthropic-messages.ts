import type { FetchLike } from '../../internal/fetch-like.js';
import type { JudgeCompletion, JudgeRequest } from '../types.js';
import { field, numberField, postJudge } from './http-attempt.js';
import type { JudgeAdapter, JudgeAttempt } from './judge-attempt.js';

const STRUCTURED_OUTPUT_WORDS = /tool/i;
export const ANTHROPIC_VERSION = '2023-06-01';

export interface AnthropicTarget {
  url: string;
  model: string;
  apiKey: string;
  extraHeaders: Record<string, string>;
  fetch: FetchLike;
}

/**
 * Anthropic Messages: the verdict comes back as the input of a forced tool call, which works on
 * every Claude 3+ model (the structured-outputs beta does not); without tools, the prompt alone.
 */
export function createAnthropicAdapter(target: AnthropicTarget): JudgeAdapter {
  let forcedTool = true;
  return {
    server: 'anthropic',
    model: target.model,
    modelProvider: 'anthropic',
    attempt(request: JudgeRequest): Promise<JudgeAttempt> {
      const body: Record<string, unknown> = {
        model: target.model,
        max_tokens: request.maxOutputTokens,
        temperature: 0,
        system: request.system,
        messages: [{ role: 'user', content: request.user }],
      };
      if (forcedTool) {
        body.tools = [{ name: request.schemaName, description: 'Submit the evaluation verdict.', input_schema: request.schema }];
        body.tool_choice = { type: 'tool', name: request.schemaName };
      }
      const headers = { ...target.extraHeaders, 'x-api-key': target.apiKey, 'anthropic-version': ANTHROPIC_VERSION };
      return postJudge(target.fetch, target.url, headers, JSON.stringify(body), request.signal, (json) => readMessage(json, request.schemaName), STRUCTURED_OUTPUT_WORDS);
    },
    degrade(): boolean {
      if (!forcedTool) return false;
      forcedTool = false;
      return true;
    },
  };
}

function readMessage(json: unknown, toolName: string): JudgeAttempt {
  const content = field(json, 'content');
  if (!Array.isArray(content)) return { ok: false, error: 'bad_response', retryable: false, detail: 'no content blocks in the answer' };
  const completion: JudgeCompletion = {};
  const texts: string[] = [];
  for (const block of content) {
    const type = field(block, 'type');
    if (type === 'tool_use' && field(block, 'name') === toolName) completion.structured = field(block, 'input');
    else if (type === 'text' && typeof field(block, 'text') === 'string') texts.push(field(block, 'text') as string);
  }
  completion.text = texts.join('\n');
  if (field(json, 'stop_reason') === 'max_tokens') completion.truncated = true;
  const usage = field(json, 'usage');
  const input = numberField(usage, 'input_tokens');
  const output = numberField(usage, 'output_tokens');
  if (input !== undefined || output !== undefined) {
    const cached = (numberField(usage, 'cache_read_input_tokens') ?? 0) + (numberField(usage, 'cache_creation_input_tokens') ?? 0);
    completion.usage = { inputTokens: (input ?? 0) + cached, outputTokens: output ?? 0 };
  }
  const model = field(json, 'model');
  if (typeof model === 'string' && model !== '') completion.model = model;
  return { ok: true, completion };
}
