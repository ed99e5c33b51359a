// A deterministic OpenAI-compatible server, so the quickstart runs anywhere without an API key:
//
//   POST /v1/chat/completions   a scripted "model": it calls `get_weather` when the question asks about the
//                               weather and the tool is offered, then answers from the RAG context in the
//                               system message and the tool's result. Usage includes cached prompt tokens.
//                               Judge requests of the managed evaluations (fake-judge.ts) get a verdict.
//   POST /v1/embeddings         bag-of-words vectors (the hashing trick): texts that share words are close.
//   POST /v1/responses          the Responses API, text only: answers like chat completions, `instructions` as the system message.
//   A model named `no-such-…` gets a 404 (model not found), for error paths.
//
// Same input, same output, every time. Not a language model: just enough for the real `openai` client and
// its OpenLLMetry instrumentation to do exactly what they do against api.openai.com.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isJudgeRequest, judgeCompletion } from './fake-judge.js';
import type { AddressInfo } from 'node:net';

export interface FakeOpenAI {
  /** `http://127.0.0.1:<port>`; the client's `baseURL` is this plus `/v1`. */
  readonly url: string;
  close(): Promise<void>;
}

const EMBEDDING_DIMENSIONS = 256;

/** Models the fake answers as, with the dated name OpenAI reports back. */
const DATED_MODELS: Record<string, string> = {
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4o': 'gpt-4o-2024-08-06',
};

const CITIES = ['Lyon', 'Paris', 'Marseille', 'Bordeaux', 'Lille', 'Nice', 'Strasbourg', 'Nantes'];
const WEATHER_WORDS = /\b(weather|rain|raining|sunny|forecast|temperature|cold|warm|umbrella)\b/i;
const STOPWORDS = new Set(
  'a an and are as at be by can do for from how i if in is it its my of on or the to will with you your what when'.split(' '),
);

interface ChatMessage {
  role?: string;
  content?: unknown;
  tool_calls?: unknown[];
  tool_call_id?: string;
}

interface ChatRequest {
  model?: string;
  messages?: ChatMessage[];
  tools?: Array<{ type?: string; function?: { name?: string } }>;
  stream?: boolean;
}

interface EmbeddingRequest {
  model?: string;
  input?: string | string[];
  /** The openai client asks for base64 (little-endian float32) unless told otherwise. */
  encoding_format?: 'float' | 'base64';
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  let calls = 0;
  let judged = 0;
  const server = createServer((req, res) => {
    readJson(req)
      .then((body) => {
        const path = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
        if (req.method === 'POST' && path === '/v1/chat/completions' && isJudgeRequest(body)) return send(res, 200, judgeCompletion(body as never, ++judged));
        if (req.method === 'POST' && path === '/v1/chat/completions') return send(res, 200, chatCompletion(body as ChatRequest, ++calls));
        if (req.method === 'POST' && path === '/v1/embeddings') return send(res, 200, embeddings(body as EmbeddingRequest));
        if (req.method === 'POST' && path === '/v1/responses') return send(res, 200, response(body as ResponsesRequest, ++calls));
        throw new HttpError(404, `the quickstart's fake OpenAI server has no route ${req.method ?? ''} ${path}`);
      })
      .catch((err: unknown) => {
        const status = err instanceof HttpError ? err.status : 500;
        send(res, status, { error: { message: (err as Error).message, type: 'invalid_request_error', code: null, param: null } });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError(400, 'the request body is not JSON'));
      }
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req_quickstart_fake' });
  res.end(JSON.stringify(body));
}

// ── chat completions ────────────────────────────────────────────────────────────────────────────────

function chatCompletion(body: ChatRequest, n: number): unknown {
  if (body.stream) throw new HttpError(400, "streaming is not implemented by the quickstart's fake OpenAI server");
  const messages = Array.isArray(body.messages) ? body.messages : [];
  if (messages.length === 0) throw new HttpError(400, "'messages' must be a non-empty array");
  const model = body.model ?? 'gpt-4o-mini';
  // A model that does not exist, for error paths (the live library tests use it); 404 is not retried by the clients.
  if (model.startsWith('no-such-')) throw new HttpError(404, `The model \`${model}\` does not exist or you do not have access to it.`);
  const toolCall = wantedToolCall(body, messages);
  const message = toolCall
    ? {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [{ id: `call_qs${n}`, type: 'function', function: { name: toolCall.name, arguments: JSON.stringify(toolCall.arguments) } }],
      }
    : { role: 'assistant', content: answer(messages), refusal: null };

  const promptTokens = messages.reduce((sum, m) => sum + 4 + tokens(textOf(m.content)) + tokens(JSON.stringify(m.tool_calls ?? '')), 0) + tokens(JSON.stringify(body.tools ?? ''));
  const completionTokens = toolCall ? 12 + tokens(JSON.stringify(toolCall.arguments)) : tokens(message.content ?? '');
  // A follow-up call in the same conversation repeats the system message: OpenAI serves it from its prompt cache.
  const cached = messages.length > 2 ? tokens(textOf(messages[0]?.content)) : 0;
  return {
    id: `chatcmpl-quickstart-${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: DATED_MODELS[model] ?? model,
    system_fingerprint: 'fp_quickstart',
    service_tier: 'default',
    choices: [{ index: 0, message, logprobs: null, finish_reason: toolCall ? 'tool_calls' : 'stop' }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
  };
}

/** `get_weather` when it is offered, not yet answered, and the question is about the weather. */
function wantedToolCall(body: ChatRequest, messages: ChatMessage[]): { name: string; arguments: Record<string, string> } | undefined {
  const offered = (body.tools ?? []).some((t) => t.function?.name === 'get_weather');
  const last = messages[messages.length - 1];
  if (!offered || last?.role !== 'user') return undefined;
  const question = textOf(last.content);
  if (!WEATHER_WORDS.test(question)) return undefined;
  const city = CITIES.find((c) => new RegExp(`\\b${c}\\b`, 'i').test(question)) ?? 'Paris';
  return { name: 'get_weather', arguments: { city, day: /\btomorrow\b/i.test(question) ? 'tomorrow' : 'today' } };
}

/** The best context document (the first `[id] Title: text` line of the system message), plus the weather. */
function answer(messages: ChatMessage[]): string {
  const system = messages.find((m) => m.role === 'system');
  const doc = /^\[([\w-]+)\] ([^:\n]+): (.+)$/m.exec(textOf(system?.content));
  const parts = [doc ? `According to “${doc[2]}”: ${lowerFirst(doc[3] ?? '')}` : "I could not find anything about that in the travel guide."];
  for (const m of messages) {
    if (m.role !== 'tool') continue;
    const weather = parseObject(textOf(m.content));
    if (weather && typeof weather.forecast === 'string') {
      parts.push(`Weather in ${String(weather.city)} ${String(weather.day)}: ${weather.forecast}, ${String(weather.low_c)}–${String(weather.high_c)} °C (${String(weather.chance_of_rain)} chance of rain).`);
    }
  }
  return parts.join(' ');
}

// ── responses ───────────────────────────────────────────────────────────────────────────────────────

interface ResponsesRequest {
  model?: string;
  instructions?: string;
  /** A string, or input items (messages). */
  input?: string | ChatMessage[];
  stream?: boolean;
}

function response(body: ResponsesRequest, n: number): unknown {
  if (body.stream) throw new HttpError(400, "streaming is not implemented by the quickstart's fake OpenAI server");
  const model = body.model ?? 'gpt-4o-mini';
  if (model.startsWith('no-such-')) throw new HttpError(404, `The model \`${model}\` does not exist or you do not have access to it.`);
  const items: ChatMessage[] = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : Array.isArray(body.input) ? body.input : [];
  if (items.length === 0) throw new HttpError(400, "'input' must be a string or a non-empty array");
  const messages: ChatMessage[] = body.instructions ? [{ role: 'system', content: body.instructions }, ...items] : items;
  const text = answer(messages);
  const inputTokens = messages.reduce((sum, m) => sum + 4 + tokens(textOf(m.content)), 0);
  const outputTokens = tokens(text);
  return {
    id: `resp_quickstart_${n}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'completed',
    model: DATED_MODELS[model] ?? model,
    instructions: body.instructions ?? null,
    output: [
      { type: 'message', id: `msg_quickstart_${n}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] },
    ],
    usage: {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    },
  };
}

function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text) : '')).join('');
  return '';
}

/** About four characters a token, as OpenAI's rule of thumb. */
function tokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

// ── embeddings ──────────────────────────────────────────────────────────────────────────────────────

function embeddings(body: EmbeddingRequest): unknown {
  const inputs = Array.isArray(body.input) ? body.input : typeof body.input === 'string' ? [body.input] : undefined;
  if (!inputs || inputs.some((i) => typeof i !== 'string')) throw new HttpError(400, "'input' must be a string or an array of strings");
  const used = inputs.reduce((sum, text) => sum + tokens(text), 0);
  return {
    object: 'list',
    model: body.model ?? 'text-embedding-3-small',
    data: inputs.map((text, index) => {
      const vector = embed(text);
      const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    }),
    usage: { prompt_tokens: used, total_tokens: used },
  };
}

/** Bag of words hashed into a fixed-size unit vector: cosine similarity measures shared words. */
function embed(text: string): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const word of words(text)) {
    const h = fnv1a(word);
    vector[h % EMBEDDING_DIMENSIONS]! += h & 0x100 ? 1 : -1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => Number((v / norm).toFixed(6)));
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => !STOPWORDS.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
