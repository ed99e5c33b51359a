/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are untyped JSON */
// Test doubles for the OTLP receiver and gateway tests, on 127.0.0.1.
import type { Attributes, Context, Span, SpanKind } from '@opentelemetry/api';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { LLMObsSpan, ReadableSpanLike, SpanExporterLike } from 'otel-llmobs';
import { readLLMObsSpan } from 'otel-llmobs';

/** An exporter that keeps the LLM Observability models it is given. */
export class CapturingExporter implements SpanExporterLike {
  readonly spans: ReadableSpanLike[] = [];
  shutdowns = 0;
  export(spans: ReadableSpanLike[], done: (result: { code: number }) => void): void {
    this.spans.push(...spans);
    done({ code: 0 });
  }
  shutdown(): Promise<void> {
    this.shutdowns++;
    return Promise.resolve();
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  models(): LLMObsSpan[] {
    return this.spans.map((s) => readLLMObsSpan(s)).filter((m): m is LLMObsSpan => m !== undefined);
  }
}

export interface Recorded {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  json: any;
}

/** Records every request and answers 202 (a Datadog intake). */
export async function startRecorder(): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let json: any;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        json = undefined;
      }
      requests.push({ path: req.url ?? '', headers: req.headers, body, json });
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end('{}');
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

export function spanEventsOf(requests: readonly Recorded[]): any[] {
  return requests.filter((r) => r.path.endsWith('/api/v2/llmobs')).flatMap((r) => (r.json as any[]).flatMap((e) => e.spans as any[]));
}

/** A tiny SDK setup whose finished spans are kept, to build requests with the stock serializers and exporters. */
export function spanFactory(resource: Attributes = { 'service.name': 'shop' }) {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes(resource), spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer('test-scope', '1.2.3');
  let clock = 1_700_000_000_000;
  const at = (): number => (clock += 10);
  return {
    provider,
    memory,
    /** Starts a span (explicit times, 10 ms apart, so the order is deterministic). */
    start(name: string, attributes: Attributes = {}, parent?: Span, kind?: SpanKind): Span {
      const ctx: Context = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
      return tracer.startSpan(name, { attributes, startTime: at(), ...(kind !== undefined ? { kind } : {}) }, ctx);
    },
    end(span: Span): void {
      span.end(at());
    },
    finished(): ReadableSpan[] {
      return memory.getFinishedSpans();
    },
  };
}

/** An LLM span's attributes in current GenAI terms. */
export function chatAttributes(content = 'Hello'): Attributes {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content }] }]),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Hi!' }] }]),
    'gen_ai.usage.input_tokens': 5,
    'gen_ai.usage.output_tokens': 2,
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A request with full control over headers and body timing (`fetch` adds its own headers). */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string | number>; body?: Buffer | string; chunks?: Array<Buffer | string>; delayMs?: number }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.chunks) {
      let i = 0;
      const next = (): void => {
        if (i >= options.chunks!.length) return;
        req.write(options.chunks![i++]);
        setTimeout(next, options.delayMs ?? 0);
      };
      next();
    } else {
      req.end(options.body);
    }
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await sleep(10);
  }
}

/** `waitFor` for an asynchronous check. */
export async function waitForAsync<T>(check: () => Promise<T | undefined | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('waitForAsync: timed out');
    await sleep(20);
  }
}
