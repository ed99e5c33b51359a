import type { ResolvedJudge } from '../resolve-evaluations-config.js';
import type { CustomJudge, JudgeRequest } from '../types.js';
import { createAnthropicAdapter } from './anthropic-messages.js';
import type { Aws4FetchModule } from './bedrock-converse.js';
import { createBedrockAdapter } from './bedrock-converse.js';
import { errorMessage } from './http-attempt.js';
import type { JudgeAdapter, JudgeAttempt } from './judge-attempt.js';
import { createOpenAIChatAdapter } from './openai-chat.js';

/** `aws4fetch`, imported once, only when a Bedrock judge signs its first request. */
let aws4fetch: Promise<Aws4FetchModule> | undefined;
export function loadAws4Fetch(): Promise<Aws4FetchModule> {
  aws4fetch ??= (import('aws4fetch') as Promise<Aws4FetchModule>).catch((e: unknown) => {
    aws4fetch = undefined;
    throw new Error(`the Bedrock judge signs with the optional package aws4fetch, which is not installed (npm install aws4fetch): ${errorMessage(e)}`);
  });
  return aws4fetch;
}

/** The adapter for a resolved judge; `undefined` when there is none. */
export function createJudgeAdapter(resolved: ResolvedJudge): JudgeAdapter | undefined {
  switch (resolved.kind) {
    case 'none':
      return undefined;
    case 'custom':
      return createCustomAdapter(resolved.judge);
    case 'provider':
      break;
  }
  const judge = resolved.judge;
  switch (judge.provider) {
    case 'openai':
      return createOpenAIChatAdapter({
        server: judge.compatible ? 'openai_compatible' : 'openai',
        url: `${judge.baseURL}/chat/completions`,
        model: judge.model,
        headers: () => Promise.resolve(judge.apiKey !== undefined ? { ...judge.headers, authorization: `Bearer ${judge.apiKey}` } : { ...judge.headers }),
        fetch: judge.fetch,
        tokenLimitField: judge.compatible ? 'max_tokens' : 'max_completion_tokens',
      });
    case 'azure_openai':
      return createOpenAIChatAdapter({
        server: 'azure_openai',
        url: judge.url,
        model: judge.model,
        headers: async () =>
          judge.tokenProvider ? { ...judge.headers, authorization: `Bearer ${await judge.tokenProvider()}` } : { ...judge.headers, 'api-key': judge.apiKey ?? '' },
        fetch: judge.fetch,
        tokenLimitField: 'max_completion_tokens',
      });
    case 'anthropic':
      return createAnthropicAdapter({ url: `${judge.baseURL}/v1/messages`, model: judge.model, apiKey: judge.apiKey, extraHeaders: judge.headers, fetch: judge.fetch });
    case 'bedrock':
      return createBedrockAdapter({
        baseURL: judge.baseURL,
        region: judge.region,
        model: judge.model,
        apiKey: judge.apiKey,
        credentials: judge.credentials,
        loadSigner: loadAws4Fetch,
        extraHeaders: judge.headers,
        fetch: judge.fetch,
      });
  }
}

function createCustomAdapter(judge: CustomJudge): JudgeAdapter {
  return {
    server: 'custom',
    model: typeof judge.model === 'string' && judge.model !== '' ? judge.model : 'custom',
    modelProvider: 'custom',
    async attempt(request: JudgeRequest): Promise<JudgeAttempt> {
      try {
        const completion = await judge.complete(request);
        if (completion === null || typeof completion !== 'object') {
          return { ok: false, error: 'bad_response', retryable: false, detail: 'complete() did not resolve to an object ({ text, usage })' };
        }
        return { ok: true, completion };
      } catch (e) {
        return { ok: false, error: request.signal?.aborted ? 'timeout' : 'custom_error', retryable: false, detail: errorMessage(e) };
      }
    },
  };
}
