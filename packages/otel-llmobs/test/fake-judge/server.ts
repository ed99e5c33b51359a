/* eslint-disable @typescript-eslint/no-explicit-any -- judge requests and intake payloads are untyped JSON */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { verifySigV4 } from './sigv4.js';

/**
 * A fake judge on 127.0.0.1 (spec evaluations.md §4.1): one server, the four wire shapes of the
 * judge adapters, each checking auth as the real service does (Bedrock's SigV4 signature is
 * re-computed here, independently of the signer), deterministic verdicts from markers in the
 * evaluated text (`[[judge:toxicity=harassment]]`), usage of `prompt_chars/4` and `output_chars/4`,
 * every request recorded, and fault modes by marker (`[[fault:hang]]`) or from a script queue.
 */

export const FAKE_KEYS = {
  openai: 'sk-fake-openai-key',
  azure: 'fake-azure-key',
  anthropic: 'sk-ant-fake-key',
  aws: { accessKeyId: 'AKIDFAKEJUDGE', secretAccessKey: 'fake/secret/for+sigv4+tests', region: 'us-east-1' },
} as const;

export const FAKE_REASONING = 'Fixed reasoning from the fake judge.';

export type Shape = 'openai' | 'azure' | 'anthropic' | 'bedrock';

export type Fault =
  | 'rate_limit' // 429 with Retry-After: 1
  | 'server_error' // 500
  | 'hang' // never answers
  | 'reset' // destroys the connection
  | 'malformed' // a 200 whose verdict text is not JSON
  | 'fenced' // the verdict inside a ``` fence
  | 'prose' // the verdict inside prose
  | 'bad_value' // value outside the enum
  | 'length' // truncated: finish_reason length / max_tokens
  | 'no_usage' // no usage block
  | 'wrong_tool' // a tool call with another name (Anthropic, Bedrock)
  | 'refuse_schema'; // 400 that names response_format / tools (structured output not supported)

export interface JudgeRequestRecord {
  shape: Shape;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
  system: string;
  user: string;
  schema: any;
  evaluation: string | undefined;
  /** The answer sent, when one was. */
  answer?: { status: number; text?: string; verdict?: Record<string, unknown>; usage?: { input: number; output: number } };
}

const CLEAN_VALUES = ['no_hallucination', 'not_toxic', 'no_injection', 'on_topic', 'answered', 'neutral'];

export class FakeJudge {
  readonly requests: JudgeRequestRecord[] = [];
  /** Faults applied to the next requests, in order (before markers). */
  readonly script: Fault[] = [];
  #server: Server | undefined;
  #port = 0;
  readonly #sockets = new Set<Socket>();
  readonly #hanging = new Set<ServerResponse>();

  static async start(): Promise<FakeJudge> {
    const judge = new FakeJudge();
    const server = createServer((req, res) => judge.#handle(req, res));
    server.on('connection', (socket) => {
      judge.#sockets.add(socket);
      socket.on('close', () => judge.#sockets.delete(socket));
    });
    judge.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    judge.#port = (server.address() as AddressInfo).port;
    return judge;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Requests that got a 200 answer. */
  get answered(): JudgeRequestRecord[] {
    return this.requests.filter((r) => r.answer?.status === 200);
  }

  close(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.#hanging.clear();
    for (const socket of this.#sockets) socket.destroy();
    const server = this.#server;
    this.#server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      try {
        this.#answer(req, res, raw);
      } catch (e) {
        send(res, 500, { error: String(e) });
      }
    });
  }

  #answer(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    let shape: Shape;
    if (req.method === 'POST' && path === '/v1/chat/completions') shape = 'openai';
    else if (req.method === 'POST' && /^\/openai\/deployments\/[^/]+\/chat\/completions$/.test(path)) shape = 'azure';
    else if (req.method === 'POST' && path === '/v1/messages') shape = 'anthropic';
    else if (req.method === 'POST' && /^\/model\/[^/]+\/converse$/.test(path)) shape = 'bedrock';
    else return send(res, 404, { error: `no route ${req.method} ${path}` });

    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      return send(res, 400, { error: 'body is not JSON' });
    }
    const authProblem = checkAuth(shape, req, url, raw, body);
    const { system, user, schema, toolName } = readRequest(shape, body);
    const evaluation = /Evaluation: (\w+)/.exec(system)?.[1];
    const record: JudgeRequestRecord = { shape, path: req.url ?? path, headers: req.headers, body, system, user, schema, evaluation };
    this.requests.push(record);
    if (authProblem) {
      record.answer = { status: authProblem.status };
      return send(res, authProblem.status, { error: authProblem.message });
    }

    const fault = this.script.shift() ?? (/\[\[fault:(\w+)\]\]/.exec(user)?.[1] as Fault | undefined);
    switch (fault) {
      case 'rate_limit':
        record.answer = { status: 429 };
        return send(res, 429, { error: 'rate limited' }, { 'retry-after': '1' });
      case 'server_error':
        record.answer = { status: 500 };
        return send(res, 500, { error: 'overloaded' });
      case 'hang':
        this.#hanging.add(res);
        res.on('close', () => this.#hanging.delete(res));
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'refuse_schema':
        record.answer = { status: 400 };
        return send(res, 400, { error: { message: shape === 'openai' || shape === 'azure' ? "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model." : 'tool_choice is not supported' } });
      default:
        break;
    }

    const verdict = verdictFor(evaluation, schema, user, system);
    if (fault === 'bad_value') verdict.value = 'definitely_not_in_the_enum';
    let text = JSON.stringify(verdict);
    if (fault === 'malformed') text = `{"reasoning": "cut here", "value": `;
    else if (fault === 'fenced') text = '```json\n' + text + '\n```';
    else if (fault === 'prose') text = `Sure, here is my evaluation: ${text} I hope this helps.`;
    const usage = { input: Math.ceil((system.length + user.length) / 4), output: Math.ceil(text.length / 4) };
    const withUsage = fault !== 'no_usage';
    const truncated = fault === 'length';
    const structured = fault === 'malformed' || fault === 'fenced' || fault === 'prose' ? undefined : verdict;
    record.answer = { status: 200, text, verdict, usage };
    switch (shape) {
      case 'openai':
      case 'azure':
        return send(res, 200, {
          id: `chatcmpl-fake-${this.requests.length}`,
          object: 'chat.completion',
          model: body.model ?? 'fake-deployment-model',
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: truncated ? 'length' : 'stop' }],
          ...(withUsage ? { usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output } } : {}),
        });
      case 'anthropic': {
        const name = fault === 'wrong_tool' ? 'some_other_tool' : toolName;
        const content = toolName && structured ? [{ type: 'tool_use', id: 'toolu_fake', name, input: structured }] : [{ type: 'text', text }];
        return send(res, 200, {
          id: 'msg_fake',
          type: 'message',
          role: 'assistant',
          model: body.model,
          content,
          stop_reason: truncated ? 'max_tokens' : toolName ? 'tool_use' : 'end_turn',
          ...(withUsage ? { usage: { input_tokens: usage.input, output_tokens: usage.output } } : {}),
        });
      }
      case 'bedrock': {
        const name = fault === 'wrong_tool' ? 'some_other_tool' : toolName;
        const content = toolName && structured ? [{ toolUse: { toolUseId: 'tooluse_fake', name, input: structured } }] : [{ text }];
        return send(res, 200, {
          output: { message: { role: 'assistant', content } },
          stopReason: truncated ? 'max_tokens' : toolName ? 'tool_use' : 'end_turn',
          ...(withUsage ? { usage: { inputTokens: usage.input, outputTokens: usage.output, totalTokens: usage.input + usage.output } } : {}),
        });
      }
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function checkAuth(shape: Shape, req: IncomingMessage, url: URL, raw: string, body: any): { status: number; message: string } | undefined {
  const h = req.headers;
  switch (shape) {
    case 'openai':
      return h.authorization === `Bearer ${FAKE_KEYS.openai}` ? undefined : { status: 401, message: 'Incorrect API key provided' };
    case 'azure':
      if (!url.searchParams.get('api-version')) return { status: 404, message: 'api-version query parameter is required' };
      return h['api-key'] === FAKE_KEYS.azure ? undefined : { status: 401, message: 'Access denied due to invalid subscription key' };
    case 'anthropic':
      if (h['x-api-key'] !== FAKE_KEYS.anthropic) return { status: 401, message: 'invalid x-api-key' };
      if (!h['anthropic-version']) return { status: 400, message: 'anthropic-version header is required' };
      if (typeof body.max_tokens !== 'number') return { status: 400, message: 'max_tokens: Field required' };
      return undefined;
    case 'bedrock': {
      const problem = verifySigV4({
        method: req.method ?? 'POST',
        rawPath: url.pathname,
        rawQuery: url.search.slice(1),
        headers: h,
        body: raw,
        secretAccessKey: FAKE_KEYS.aws.secretAccessKey,
        accessKeyId: FAKE_KEYS.aws.accessKeyId,
        region: FAKE_KEYS.aws.region,
        service: 'bedrock',
      });
      return problem ? { status: 403, message: problem } : undefined;
    }
  }
}

function readRequest(shape: Shape, body: any): { system: string; user: string; schema: any; toolName: string | undefined } {
  switch (shape) {
    case 'openai':
    case 'azure': {
      const messages: any[] = Array.isArray(body.messages) ? body.messages : [];
      const system = messages.filter((m) => m.role === 'system').map((m) => String(m.content)).join('\n');
      const user = messages.filter((m) => m.role === 'user').map((m) => String(m.content)).join('\n');
      return { system, user, schema: body.response_format?.json_schema?.schema, toolName: undefined };
    }
    case 'anthropic': {
      const user = (body.messages ?? []).map((m: any) => (typeof m.content === 'string' ? m.content : '')).join('\n');
      const tool = body.tools?.[0];
      return { system: String(body.system ?? ''), user, schema: tool?.input_schema, toolName: tool?.name };
    }
    case 'bedrock': {
      const user = (body.messages ?? []).flatMap((m: any) => (m.content ?? []).map((c: any) => c.text ?? '')).join('\n');
      const system = (body.system ?? []).map((s: any) => s.text ?? '').join('\n');
      const tool = body.toolConfig?.tools?.[0]?.toolSpec;
      return { system, user, schema: tool?.inputSchema?.json, toolName: tool?.name };
    }
  }
}

/** The enum of `value` from the schema, or from the system prompt's value list when no schema was sent. */
function valuesOf(schema: any, system: string): string[] {
  const fromSchema = schema?.properties?.value?.enum;
  if (Array.isArray(fromSchema)) return fromSchema;
  return [...system.matchAll(/^- (\w+): /gm)].map((m) => m[1] as string);
}

/** The marker's value for this evaluation, if the evaluated text holds one. */
function markerFor(evaluation: string | undefined, text: string): string | undefined {
  if (!evaluation) return undefined;
  return new RegExp(`\\[\\[judge:${evaluation}=(\\w+)\\]\\]`).exec(text)?.[1];
}

/** The `<data name="side">` blocks of the user message, by name. */
function dataBlocks(user: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const m of user.matchAll(/<data name="([^"]+)" id="[0-9a-f]+">\n([\s\S]*?)\n<\/data>/g)) blocks.set(m[1] as string, m[2] as string);
  return blocks;
}

function verdictFor(evaluation: string | undefined, schema: any, user: string, system: string): Record<string, any> {
  const values = valuesOf(schema, system);
  const marker = markerFor(evaluation, user);
  const clean = values.find((v) => CLEAN_VALUES.includes(v)) ?? values[0] ?? 'unknown';
  const value = marker !== undefined && (values.length === 0 || values.includes(marker)) ? marker : clean;
  const verdict: Record<string, any> = { reasoning: FAKE_REASONING, value };
  const blocks = dataBlocks(user);
  for (const [key, prop] of Object.entries<any>(schema?.properties ?? {})) {
    if (key === 'reasoning' || key === 'value') continue;
    if (key.endsWith('_categories')) {
      const side = key.slice(0, -'_categories'.length);
      const sideMarker = markerFor(evaluation, blocks.get(side) ?? '');
      verdict[key] = sideMarker !== undefined && prop.items?.enum?.includes(sideMarker) ? [sideMarker] : [];
    } else if (key === 'categories') verdict[key] = marker !== undefined && value === marker ? [marker] : [];
    else if (key === 'claims') verdict[key] = value !== clean ? [{ claim: 'The output claims what the context denies.', type: value, evidence: 'The context says otherwise.' }] : [];
    else if (key === 'source') verdict[key] = value !== clean ? 'user' : 'none';
    else if (key.endsWith('_sentiment')) verdict[key] = value;
    else verdict[key] = prop.enum?.[0] ?? '';
  }
  return verdict;
}
