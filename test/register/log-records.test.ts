/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are untyped JSON */
// The zero-code start with an instrumentation that puts prompts and completions in log records (the
// official @opentelemetry/instrumentation-openai, content capture on) and the logs SDK installed, on
// both SDK lines: SDK 2.x (test-apps/opentelemetry-openai) and SDK 3.x (test-apps/sdk3, Node >= 22.15).
// Child processes that must exit by themselves (or by the signal they were sent), against a fake
// intake and a fake OpenAI-compatible provider on 127.0.0.1.
import { describe, expect, it } from 'vitest';
import { spanEvents } from '../integration/support/llmobs-kit.js';
import { join } from 'node:path';
import { APPS, NODE_RUNS_SDK3, OTEL_OPENAI_APP, runApp, SDK3_APP, startApp, type AppRun, useFakeServers, zeroCodeEnvFor } from './support.js';

const servers = useFakeServers();
/** Content capture on: the instrumentation puts prompts and completions in log records. */
const zeroCodeEnv = (extra: Record<string, string> = {}): Record<string, string> =>
  zeroCodeEnvFor(servers, { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true', ...extra });

function expectCleanExit(run: AppRun): void {
  expect(run.code, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(0);
  expect(run.signal).toBeNull();
}

/** The one span of the app's one chat completion, delivered once. */
function theOneSpan(): any {
  const spans = spanEvents(servers.intake);
  expect(spans.map((s) => s.name)).toEqual(['chat gpt-4o-mini']);
  return spans[0];
}

const QUESTION = [
  { role: 'system', content: 'You answer geography questions.' },
  { role: 'user', content: 'What is the capital of France?' },
];
const ANSWER = [{ role: 'assistant', content: 'Paris is the capital of France.' }];

/** The span itself has no content with this instrumentation: these messages came from the log records. */
function expectContentFromRecords(span: any, mlApp = 'zero-code'): void {
  expect(span.meta['span.kind']).toBe('llm');
  expect(span.meta.model_name).toBe('gpt-4o-mini');
  expect(span.meta.input.messages).toEqual(QUESTION);
  expect(span.meta.output.messages).toEqual(ANSWER);
  expect(span.metrics).toMatchObject({ input_tokens: 12, output_tokens: 7 });
  expect(span.tags).toEqual(expect.arrayContaining([`ml_app:${mlApp}`]));
}

describe.each([
  { sdk: 'SDK 2.x', app: OTEL_OPENAI_APP, traceSdk: '@opentelemetry/sdk-trace-node 2.12.0', logsSdk: '@opentelemetry/sdk-logs 0.223.0', skip: false },
  { sdk: 'SDK 3.x', app: SDK3_APP, traceSdk: '@opentelemetry/sdk-trace 3.1.1', logsSdk: '@opentelemetry/sdk-logs 3.1.1', skip: !NODE_RUNS_SDK3 },
])('$sdk: content in log records (@opentelemetry/instrumentation-openai, $logsSdk)', ({ app, traceSdk, logsSdk, skip }) => {
  it.skipIf(skip).each([
    ['ESM, --import', '--import', 'chat.mjs'],
    ['CommonJS, --require', '--require', 'chat.cjs'],
  ] as const)('%s: the span arrives once, with the messages of its log records, before the script ends', async (_, flag, script) => {
    const run = await runApp([flag, 'otel-llmobs/register', script], { cwd: app, env: zeroCodeEnv() });
    expectCleanExit(run);
    expect(run.stdout).toBe('Paris is the capital of France.\n');
    expect(run.stderr).toMatch(
      new RegExp(
        String.raw`^otel-llmobs: LLM Observability on · ml_app zero-code · → http://127\.0\.0\.1:\d+ \(agentless\) · ` +
          String.raw`instrumented: openai \(@opentelemetry/instrumentation-openai\) · log records joined \(${logsSdk}\) · ${traceSdk}\n$`,
      ),
    );
    expectContentFromRecords(theOneSpan());
  });

  it.skipIf(skip)('content capture off: the records carry no content, and neither does the span (the content above came from the records)', async () => {
    const env = zeroCodeEnv();
    delete env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT;
    const run = await runApp(['--require', 'otel-llmobs/register', 'chat.cjs'], { cwd: app, env });
    expectCleanExit(run);
    const span = theOneSpan();
    expect(JSON.stringify(span.meta)).not.toContain('capital of France');
    expect(JSON.stringify(span.meta)).not.toContain('geography');
  });

  it.skipIf(skip)('SIGTERM: the span and its content are delivered, then the process ends by the signal', async () => {
    const started = startApp(['--import', 'otel-llmobs/register', 'long-running.mjs'], { cwd: app, env: zeroCodeEnv() });
    await started.waitFor('ready\n');
    expect(spanEvents(servers.intake)).toHaveLength(0); // batched: still queued when the signal comes
    started.kill('SIGTERM');
    const run = await started.exited;
    expect(run.signal, run.stderr).toBe('SIGTERM');
    expectContentFromRecords(theOneSpan());
  });

  it.skipIf(skip)('after the zero-code start, NodeSDK with its own LLMObs processors: its setup wins for traces and for logs, the span once with its content', async () => {
    // NodeSDK would export the instrumentation's metrics over OTLP to a collector that is not there (and retry at shutdown).
    const run = await runApp(['--require', 'otel-llmobs/register', 'own-sdk.cjs'], { cwd: app, env: zeroCodeEnv({ OTEL_METRICS_EXPORTER: 'none' }) });
    expectCleanExit(run);
    expect(run.stdout).toBe('global logger provider: LoggerProvider\ndone\n');
    expect(run.stderr).toContain('the application set up its own OpenTelemetry tracer provider');
    expect(run.stderr).not.toMatch(/duplicate registration/i);
    expectContentFromRecords(theOneSpan(), 'own-sdk');
  });
});

describe('SDK 2.x: a logger provider of the app’s own, without its own OpenTelemetry tracing', () => {
  // The official instrumentation emits three records for this call: the system and user messages, and the choice.
  const KEPT = "· log records joined (@opentelemetry/sdk-logs 0.223.0; the application's logger provider, registered first, kept) ·";

  it('registered before the zero-code start, with its own LLMObsLogRecordProcessor: kept as the global one, it gets every record, and its processor joins the content, once', async () => {
    const run = await runApp(['--require', './logs-first.cjs', '--import', 'otel-llmobs/register', 'chat.cjs'], { cwd: OTEL_OPENAI_APP, env: zeroCodeEnv({ APP_JOINS: '1' }) });
    expectCleanExit(run);
    expect(run.stdout).toBe("Paris is the capital of France.\nthe app's logger provider is the global one: true; records it exported: 3\n");
    expect(run.stderr).toContain(KEPT);
    expectContentFromRecords(theOneSpan());
  });

  it('registered before, without LLMObsLogRecordProcessor: kept, it gets every record, and ours joins the content (nothing lost)', async () => {
    const run = await runApp(['--require', './logs-first.cjs', '--import', 'otel-llmobs/register', 'chat.cjs'], { cwd: OTEL_OPENAI_APP, env: zeroCodeEnv() });
    expectCleanExit(run);
    expect(run.stdout).toBe("Paris is the capital of France.\nthe app's logger provider is the global one: true; records it exported: 3\n");
    expect(run.stderr).toContain(KEPT);
    expectContentFromRecords(theOneSpan());
  });

  it('registered after the zero-code start, without LLMObsLogRecordProcessor: its registration succeeds, it gets every record, and ours still joins the content', async () => {
    const run = await runApp(['--require', 'otel-llmobs/register', 'own-logs.cjs'], { cwd: OTEL_OPENAI_APP, env: zeroCodeEnv() });
    expectCleanExit(run);
    expect(run.stdout).toBe("the app's logger provider is the global one: true; records it exported: 3\n");
    expect(run.stderr).toMatch(/· log records joined \(@opentelemetry\/sdk-logs 0\.223\.0\) ·/);
    expectContentFromRecords(theOneSpan());
  });
});

describe('SDK 3.x, ESM: an app that registers its own providers through the API after the zero-code start', () => {
  it.skipIf(!NODE_RUNS_SDK3)('registers them through the ESM build of API 1.10 (a module of its own): each registration succeeds, and its span arrives once through its processor', async () => {
    const run = await runApp(['--import', 'otel-llmobs/register', 'own-provider.mjs'], { cwd: SDK3_APP, env: zeroCodeEnv() });
    expectCleanExit(run);
    expect(run.stdout).toBe('registered: true true true\n');
    expect(run.stderr).not.toMatch(/duplicate registration/i);
    expect(run.stderr).toContain('the application set up its own OpenTelemetry tracer provider');
    const spans = spanEvents(servers.intake);
    expect(spans.map((s) => [s.name, s.meta['span.kind']])).toEqual([['answer-question', 'workflow']]);
    expect(spans[0].tags).toEqual(expect.arrayContaining(['ml_app:own-provider']));
  });
});

describe('SDK 2.x, not enabled (DD_LLMOBS_ENABLED unset) with the logs SDK and the official instrumentation installed', () => {
  it('loads nothing of them, registers nothing, sends nothing', async () => {
    const env = zeroCodeEnv();
    delete env.DD_LLMOBS_ENABLED;
    const run = await runApp(['--import', join(APPS, 'record-loads.mjs'), '--import', 'otel-llmobs/register', 'chat.mjs'], { cwd: OTEL_OPENAI_APP, env });
    expectCleanExit(run);
    expect(run.stdout).toBe('Paris is the capital of France.\n');
    const report = JSON.parse(/^LOADED (.*)$/m.exec(run.stderr)![1]!);
    expect((report.modules as string[]).filter((m) => m.includes('otel-llmobs/dist')).map((m) => m.replace(/^.*\//, ''))).toEqual(['register.js']);
    expect((report.modules as string[]).filter((m) => /@opentelemetry|import-in-the-middle/.test(m))).toEqual([]);
    expect(report.otelGlobals).toEqual([]);
    expect(report.logsGlobal).toBe(false);
    expect(servers.intake.requests).toHaveLength(0);
  });
});
