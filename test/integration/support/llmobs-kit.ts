/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are untyped JSON */
import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Test doubles for the integration tests of the processor and the llmobs API, on 127.0.0.1: a
 * Datadog intake that records what `LLMObsExporter` sends, and a tiny OpenAI-compatible server.
 */

export const API_KEY = '0123456789abcdef0123456789abcdef';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: any;
}

export interface LocalServer {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

async function serve(handler: (request: Recorded) => { status: number; body: unknown }): Promise<LocalServer> {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: any;
      try {
        json = body === '' ? undefined : JSON.parse(body);
      } catch {
        json = undefined;
      }
      const recorded: Recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json };
      requests.push(recorded);
      const answer = handler(recorded);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Records every request; answers 202 like the intake. */
export function startIntake(): Promise<LocalServer> {
  return serve(() => ({ status: 202, body: {} }));
}

/** The span events the intake received, in order. */
export function spanEvents(intake: LocalServer): any[] {
  return intake.requests
    .filter((r) => r.method === 'POST' && r.path.endsWith('/api/v2/llmobs'))
    .flatMap((r) => (r.json as any[]).flatMap((envelope) => envelope.spans as any[]));
}

/** `/v1/chat/completions` (non-streaming JSON) answering every question the same way. */
export function startFakeOpenAI(answer = 'Paris is the capital of France.'): Promise<LocalServer> {
  return serve((request) => {
    if (request.path !== '/v1/chat/completions') return { status: 404, body: { error: { message: 'not found' } } };
    const model: string = request.json?.model ?? 'gpt-4o-mini';
    return {
      status: 200,
      body: {
        id: 'chatcmpl-123',
        object: 'chat.completion',
        created: 1700000000,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
      },
    };
  });
}

/** What the stock pipeline saw of a span: name and attribute keys. */
export function attributeKeys(attributes: Record<string, unknown>): string[] {
  return Object.keys(attributes).sort();
}
