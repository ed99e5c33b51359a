import type { FetchLike } from '../../internal/fetch-like.js';
import type { AwsCredentials, JudgeCompletion, JudgeRequest } from '../types.js';
import { errorMessage, field, numberField, postJudge } from './http-attempt.js';
import type { JudgeAdapter, JudgeAttempt } from './judge-attempt.js';

const STRUCTURED_OUTPUT_WORDS = /tool/i;

/** The slice of `aws4fetch` we use (an optional peer, loaded only for Bedrock). */
export interface Aws4FetchModule {
  AwsClient: new (options: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; service?: string; region?: string }) => {
    sign(url: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<{ headers: { forEach(fn: (value: string, key: string) => void): void } }>;
  };
}

export interface BedrockTarget {
  /** `https://bedrock-runtime.{region}.amazonaws.com` or another root. */
  baseURL: string;
  region: string;
  model: string;
  /** A Bedrock API key (`Authorization: Bearer`) instead of SigV4. */
  apiKey: string | undefined;
  credentials: (() => Promise<AwsCredentials>) | undefined;
  /** Resolves `aws4fetch` (rejects when it is not installed). */
  loadSigner: () => Promise<Aws4FetchModule>;
  extraHeaders: Record<string, string>;
  fetch: FetchLike;
}

/**
 * Bedrock Converse with a forced tool, signed with SigV4 by `aws4fetch`. The model id (it holds
 * `:`) is URI-encoded once in the path; the signer encodes the path again for the canonical URI,
 * as SigV4 wants for every service but S3.
 */
export function createBedrockAdapter(target: BedrockTarget): JudgeAdapter {
  let forcedTool = true;
  const url = `${target.baseURL.replace(/\/+$/, '')}/model/${encodeURIComponent(target.model)}/converse`;
  return {
    server: 'bedrock',
    model: target.model,
    modelProvider: bedrockVendor(target.model),
    async attempt(request: JudgeRequest): Promise<JudgeAttempt> {
      const body: Record<string, unknown> = {
        messages: [{ role: 'user', content: [{ text: request.user }] }],
        system: [{ text: request.system }],
        inferenceConfig: { maxTokens: request.maxOutputTokens, temperature: 0 },
      };
      if (forcedTool) {
        body.toolConfig = {
          tools: [{ toolSpec: { name: request.schemaName, description: 'Submit the evaluation verdict.', inputSchema: { json: request.schema } } }],
          toolChoice: { tool: { name: request.schemaName } },
        };
      }
      const json = JSON.stringify(body);
      let headers: Record<string, string>;
      try {
        headers = await authHeaders(target, url, json);
      } catch (e) {
        return { ok: false, error: 'unavailable', retryable: false, detail: `signing the Bedrock request: ${errorMessage(e)}` };
      }
      return postJudge(target.fetch, url, headers, json, request.signal, (answer) => readConverse(answer, request.schemaName), STRUCTURED_OUTPUT_WORDS);
    },
    degrade(): boolean {
      if (!forcedTool) return false;
      forcedTool = false;
      return true;
    },
  };
}

async function authHeaders(target: BedrockTarget, url: string, body: string): Promise<Record<string, string>> {
  const base = { ...target.extraHeaders, 'content-type': 'application/json', accept: 'application/json' };
  if (target.apiKey !== undefined) return { ...base, authorization: `Bearer ${target.apiKey}` };
  if (!target.credentials) throw new Error('no AWS credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the credentials option)');
  const [{ AwsClient }, credentials] = await Promise.all([target.loadSigner(), target.credentials()]);
  const client = new AwsClient({ ...credentials, service: 'bedrock', region: target.region });
  const signed = await client.sign(url, { method: 'POST', headers: base, body });
  const headers: Record<string, string> = {};
  signed.headers.forEach((value, key) => {
    headers[key] = value;
  });
  return headers;
}

function readConverse(json: unknown, toolName: string): JudgeAttempt {
  const content = field(field(field(json, 'output'), 'message'), 'content');
  if (!Array.isArray(content)) return { ok: false, error: 'bad_response', retryable: false, detail: 'no output.message.content in the answer' };
  const completion: JudgeCompletion = {};
  const texts: string[] = [];
  for (const block of content) {
    const toolUse = field(block, 'toolUse');
    if (toolUse !== undefined && field(toolUse, 'name') === toolName) completion.structured = field(toolUse, 'input');
    const text = field(block, 'text');
    if (typeof text === 'string') texts.push(text);
  }
  completion.text = texts.join('\n');
  if (field(json, 'stopReason') === 'max_tokens') completion.truncated = true;
  const usage = field(json, 'usage');
  const input = numberField(usage, 'inputTokens');
  const output = numberField(usage, 'outputTokens');
  if (input !== undefined || output !== undefined) completion.usage = { inputTokens: input ?? 0, outputTokens: output ?? 0 };
  return { ok: true, completion };
}

/** `anthropic.claude-3-haiku…`, `us.anthropic.claude…` → `anthropic`; `amazon.nova…` → `amazon`. */
export function bedrockVendor(model: string): string {
  const parts = model.split('.');
  const regional = new Set(['us', 'eu', 'apac', 'global', 'us-gov', 'jp', 'au', 'ca']);
  const vendor = parts.length > 2 && regional.has(parts[0] as string) ? parts[1] : parts.length > 1 ? parts[0] : undefined;
  return vendor && /^[a-z0-9-]+$/.test(vendor) ? vendor : 'amazon_bedrock';
}
