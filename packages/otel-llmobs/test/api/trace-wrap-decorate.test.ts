import type { Span } from '@opentelemetry/api';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { functionArgumentsInput, parameterNames } from '../../src/api/function-arguments.js';
import { blankProcessorEnv } from '../processor/env.js';
import type { Harness } from '../processor/harness.js';
import { byName, createHarness, resetRuntime } from '../processor/harness.js';

let h: Harness;
beforeEach(() => {
  blankProcessorEnv();
  h = createHarness();
});
afterEach(async () => {
  await h.shutdown();
  resetRuntime();
  vi.unstubAllEnvs();
});

const tick = (ms = 2): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('trace()', () => {
  it('runs a sync function in an active span and returns its value', async () => {
    const result = h.llmobs.trace({ kind: 'task', name: 'sync' }, (span) => {
      expect(trace.getActiveSpan()).toBe(span);
      return 42;
    });
    expect(result).toBe(42);
    const [span] = await h.exported();
    expect(span).toMatchObject({ kind: 'task', name: 'sync', status: 'ok' });
  });

  it('ends the span when the promise settles, and returns the same promise', async () => {
    let ended = false;
    const promise = h.llmobs.trace({ kind: 'workflow', name: 'async' }, async () => {
      await tick(10);
      return 'done';
    });
    void promise.then(() => (ended = true));
    expect(h.stockExporter.getFinishedSpans()).toHaveLength(0);
    expect(await promise).toBe('done');
    expect(ended).toBe(true);
    expect(h.stockExporter.getFinishedSpans().map((s) => s.name)).toEqual(['async']);
  });

  it('records a thrown error (type, message, stack), ends the span and rethrows', async () => {
    expect(() =>
      h.llmobs.trace({ kind: 'llm', name: 'boom' }, () => {
        throw new TypeError('bad input');
      }),
    ).toThrow('bad input');
    await expect(
      h.llmobs.trace({ kind: 'task', name: 'async-boom' }, async () => {
        await tick();
        throw new RangeError('later');
      }),
    ).rejects.toThrow('later');
    const spans = await h.exported();
    expect(byName(spans, 'boom')).toMatchObject({ status: 'error', error: { type: 'TypeError', message: 'bad input' } });
    expect(byName(spans, 'boom').error?.stack).toMatch(/^TypeError: bad input/);
    expect(byName(spans, 'async-boom').error).toMatchObject({ type: 'RangeError', message: 'later' });
    const original = h.stockExporter.getFinishedSpans().find((s) => s.name === 'boom');
    expect(original?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad input' });
  });

  it('uses error.name for the type even when the error has a code (dd-trace)', async () => {
    const error = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    expect(() =>
      h.llmobs.trace({ kind: 'tool', name: 'net' }, () => {
        throw error;
      }),
    ).toThrow();
    expect((await h.exported())[0]?.error?.type).toBe('Error');
  });

  it('callback form: the span ends when done() is called, with its error', async () => {
    h.llmobs.trace({ kind: 'task', name: 'cb-ok' }, (_span, done) => {
      setTimeout(() => done(), 5);
    });
    h.llmobs.trace({ kind: 'task', name: 'cb-err' }, (_span, done) => {
      setTimeout(() => done(new Error('cb failed')), 5);
    });
    expect(h.stockExporter.getFinishedSpans()).toHaveLength(0);
    await tick(20);
    const spans = await h.exported();
    expect(byName(spans, 'cb-ok').status).toBe('ok');
    expect(byName(spans, 'cb-err')).toMatchObject({ status: 'error', error: { message: 'cb failed' } });
  });

  it('names the span after the kind when no name is given, and validates the kind like dd-trace', async () => {
    h.llmobs.trace({ kind: 'retrieval' } as never, () => {});
    expect((await h.exported())[0]?.name).toBe('retrieval');
    expect(() => h.llmobs.trace({ kind: 'chain' } as never, () => {})).toThrow(/Invalid span kind specified: "chain"\n\s+Must be one of: llm, agent, workflow, task, tool, embedding, retrieval/);
    expect(() => h.llmobs.trace({} as never, () => {})).toThrow('Invalid span kind specified: "undefined"');
  });

  it('writes kind, name, ml_app, session and model as start attributes (the processor classifies at onStart)', () => {
    let attributes: Record<string, unknown> = {};
    h.llmobs.trace({ kind: 'llm', name: 'chat', mlApp: 'a', sessionId: 's', modelName: 'gpt-4o', modelProvider: 'OpenAI' }, (span) => {
      attributes = { ...(span as unknown as { attributes: Record<string, unknown> }).attributes };
    });
    expect(attributes).toEqual({
      '_dd.ml_obs.span_kind': 'llm',
      '_dd.ml_obs.name': 'chat',
      '_dd.ml_obs.ml_app': 'a',
      '_dd.ml_obs.session_id': 's',
      '_dd.ml_obs.model_name': 'gpt-4o',
      '_dd.ml_obs.model_provider': 'OpenAI',
    });
  });

  it('keeps the innermost LLM Observability span for annotate() even when a plain span is active', async () => {
    h.llmobs.trace({ kind: 'workflow', name: 'wf' }, () => {
      const http = h.tracer.startSpan('GET /x');
      context.with(trace.setSpan(context.active(), http), () => {
        h.llmobs.annotate({ inputData: 'through the HTTP span' });
      });
      http.end();
    });
    expect((await h.exported())[0]?.input.value).toBe('through the HTTP span');
  });

  it('works without an SDK (no-op tracer): runs the function, annotate() is harmless', () => {
    const noSdk = h.llmobs.constructor as new (o: object) => typeof h.llmobs;
    const bare = new noSdk({ tracerProvider: trace.getTracerProvider() });
    expect(bare.trace({ kind: 'task', name: 'x' }, () => {
      bare.annotate({ inputData: 'x' });
      return 1;
    })).toBe(1);
  });
});

describe('wrap()', () => {
  it('auto-annotates: a single argument is the input, the return value the output', async () => {
    const echo = h.llmobs.wrap({ kind: 'tool', name: 'echo' }, (x: unknown) => x);
    expect(echo({ hello: 'world' })).toEqual({ hello: 'world' });
    const [span] = await h.exported();
    expect(span?.input.value).toBe('{"hello":"world"}');
    expect(span?.output.value).toBe('{"hello":"world"}');
  });

  it('several arguments become {param: arg}, with names read from the source (defaults, rest)', async () => {
    const fn = h.llmobs.wrap({ kind: 'task' }, function search(query: string, limit = 10, ...filters: string[]) {
      return `${query}:${limit}:${filters.join('|')}`;
    });
    fn('paris', 3, 'fr', 'city');
    const [span] = await h.exported();
    expect(span?.name).toBe('search');
    expect(JSON.parse(span!.input.value!)).toEqual({ query: 'paris', limit: 3, filters: ['fr', 'city'] });
    expect(span?.output.value).toBe('paris:3:fr|city');
  });

  it('keeps `this` and the function name and length', () => {
    const obj = {
      factor: 3,
      times: h.llmobs.wrap({ kind: 'task' }, function times(this: { factor: number }, n: number) {
        return n * this.factor;
      }),
    };
    expect(obj.times(2)).toBe(6);
    expect(obj.times.name).toBe('times');
    expect(obj.times.length).toBe(1);
  });

  it('does not auto-annotate llm/embedding input nor llm/retrieval output', async () => {
    h.llmobs.wrap({ kind: 'llm', name: 'llm' }, (q: string) => `answer to ${q}`)('q');
    h.llmobs.wrap({ kind: 'embedding', name: 'embedding' }, (q: string) => [q.length])('q');
    h.llmobs.wrap({ kind: 'retrieval', name: 'retrieval' }, (q: string) => [{ text: q }])('q');
    const spans = await h.exported();
    expect(byName(spans, 'llm').input).toEqual({});
    expect(byName(spans, 'llm').output).toEqual({});
    expect(byName(spans, 'embedding').input).toEqual({});
    expect(byName(spans, 'embedding').output).toEqual({ value: '[1]' });
    expect(byName(spans, 'retrieval').input).toEqual({ value: 'q' });
    expect(byName(spans, 'retrieval').output).toEqual({});
  });

  it('explicit annotations win over auto-annotation', async () => {
    const fn = h.llmobs.wrap({ kind: 'task', name: 'annotated' }, (x: string) => {
      h.llmobs.annotate({ inputData: 'explicit in', outputData: 'explicit out' });
      return x;
    });
    fn('auto');
    const [span] = await h.exported();
    expect(span?.input.value).toBe('explicit in');
    expect(span?.output.value).toBe('explicit out');
  });

  it('async functions: the resolved value is the output; a rejection is the error (input kept)', async () => {
    const ok = h.llmobs.wrap({ kind: 'task', name: 'ok' }, async (x: number) => {
      await tick();
      return x + 1;
    });
    const bad = h.llmobs.wrap({ kind: 'task', name: 'bad' }, async (_x: number) => {
      await tick();
      throw new Error('nope');
    });
    expect(await ok(1)).toBe(2);
    await expect(bad(1)).rejects.toThrow('nope');
    const spans = await h.exported();
    expect(byName(spans, 'ok')).toMatchObject({ input: { value: '1' }, output: { value: '2' } });
    expect(byName(spans, 'bad')).toMatchObject({ input: { value: '1' }, output: {}, status: 'error' });
  });

  it('callback style: the span ends when the callback is called; its result is the output', async () => {
    const readFile = h.llmobs.wrap({ kind: 'tool', name: 'read' }, (path: string, cb: (err: Error | null, data?: string) => void) => {
      setTimeout(() => (path === 'missing' ? cb(new Error('ENOENT')) : cb(null, `content of ${path}`)), 3);
    });
    const results: unknown[] = [];
    await new Promise<void>((resolve) => readFile('a.txt', (_err, data) => (results.push(data), resolve())));
    await new Promise<void>((resolve) => readFile('missing', (err) => (results.push(err?.message), resolve())));
    expect(results).toEqual(['content of a.txt', 'ENOENT']);
    const spans = await h.exported();
    expect(spans[0]).toMatchObject({ name: 'read', output: { value: 'content of a.txt' }, status: 'ok' });
    expect(spans[1]).toMatchObject({ name: 'read', status: 'error', error: { message: 'ENOENT' } });
  });

  it('a value it cannot serialize does not break the call: reported on the span instead', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const fn = h.llmobs.wrap({ kind: 'task', name: 'circ' }, (x: unknown) => typeof x);
    expect(fn(circular)).toBe('object');
    const [span] = await h.exported();
    expect(span?.collectionErrors).toContain('llmobs: auto-annotation: Failed to parse input value, must be JSON serializable.');
  });

  it('nests: wrapped calls inside a trace are its children', async () => {
    const step = h.llmobs.wrap({ kind: 'tool', name: 'step' }, (n: number) => n);
    h.llmobs.trace({ kind: 'agent', name: 'agent' }, () => [step(1), step(2)]);
    const spans = await h.exported();
    const agent = byName(spans, 'agent');
    expect(spans.filter((s) => s.name === 'step').map((s) => s.parentId)).toEqual([agent.spanId, agent.spanId]);
  });
});

describe('decorate()', () => {
  /**
   * The class is compiled by TypeScript itself (the test runner's transformer does not lower
   * decorators), once with standard TC39 decorators and once with `experimentalDecorators`.
   */
  const DECORATED_SOURCE = `
    export function make(llmobs: any, tick: () => Promise<void>) {
      class Agent {
        prefix = '>';
        @llmobs.decorate({ kind: 'tool' })
        lookup(city: string): string {
          return this.prefix + city;
        }
        @llmobs.decorate({ kind: 'workflow', name: 'custom-name' })
        async run(q: string): Promise<string> {
          await tick();
          return this.lookup(q);
        }
      }
      return Agent;
    }`;

  function compileDecorated(experimentalDecorators: boolean): (llmobs: unknown, tick: () => Promise<void>) => new () => { run(q: string): Promise<string> } {
    const { outputText } = ts.transpileModule(DECORATED_SOURCE, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, experimentalDecorators, useDefineForClassFields: true },
    });
    const module = { exports: {} as Record<string, unknown> };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating TypeScript's own output
    new Function('module', 'exports', outputText)(module, module.exports);
    return module.exports.make as never;
  }

  it.each([
    ['TC39 standard decorators', false],
    ['experimentalDecorators', true],
  ])('%s on class methods', async (_label, experimental) => {
    const Agent = compileDecorated(experimental)(h.llmobs, () => tick());
    expect(await new Agent().run('paris')).toBe('>paris');
    const spans = await h.exported();
    expect(byName(spans, 'lookup')).toMatchObject({ kind: 'tool', input: { value: 'paris' }, output: { value: '>paris' } });
    expect(byName(spans, 'custom-name')).toMatchObject({ kind: 'workflow', output: { value: '>paris' } });
    expect(byName(spans, 'lookup').parentId).toBe(byName(spans, 'custom-name').spanId);
  });

  it('legacy experimentalDecorators (prototype, key, descriptor) and (prototype, key)', async () => {
    class Service {
      greet(name: string): string {
        return `hi ${name}`;
      }
      shout(name: string): string {
        return name.toUpperCase();
      }
    }
    const greetDescriptor = Object.getOwnPropertyDescriptor(Service.prototype, 'greet')!;
    const decorated = h.llmobs.decorate({ kind: 'task' })(Service.prototype, 'greet', greetDescriptor) as PropertyDescriptor;
    Object.defineProperty(Service.prototype, 'greet', decorated);
    h.llmobs.decorate({ kind: 'tool', name: 'loud' })(Service.prototype, 'shout');
    const service = new Service();
    expect(service.greet('ada')).toBe('hi ada');
    expect(service.shout('ada')).toBe('ADA');
    const spans = await h.exported();
    expect(spans.map((s) => [s.name, s.kind, s.output.value])).toEqual([
      ['greet', 'task', 'hi ada'],
      ['loud', 'tool', 'ADA'],
    ]);
  });

  it('leaves non-methods alone', () => {
    const decorator = h.llmobs.decorate({ kind: 'task' });
    expect(decorator(undefined, { kind: 'field', name: 'x' })).toBeUndefined();
    const descriptor = { value: 5, writable: true };
    expect(decorator({}, 'x', descriptor)).toBe(descriptor);
  });
});

describe('function argument names', () => {
  it.each([
    ['function f(a, b) {}', ['a', 'b']],
    ['(a, b = 2, { c, d }, [e], ...rest) => 0', ['a', 'b', '{ c, d }', '[e]', '...rest']],
    ['async function f(/* x */ a, // y\n b) {}', ['a', 'b']],
    ['f(a = (1, 2), b) {}', ['a', 'b']],
    ['function () {}', []],
    ['x => x', []],
  ])('%s', (source, names) => {
    expect(parameterNames(source)).toEqual(names);
  });

  it('no arguments: no input; one: itself', () => {
    const fn = (a: number, b: number) => a + b;
    expect(functionArgumentsInput(fn, [])).toBeUndefined();
    expect(functionArgumentsInput(fn, [1])).toBe(1);
    expect(functionArgumentsInput(fn, [1, 2])).toEqual({ a: 1, b: 2 });
  });
});

export type { Span };
