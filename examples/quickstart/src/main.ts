#!/usr/bin/env node
// `pnpm demo`: run the quickstart app once and show its trace.
//
// - Without DD_API_KEY: start the local dev intake (the `otel-llmobs dev` server, embedded), send the spans
//   there, print the trace tree and the viewer's URL, and keep serving the viewer until Ctrl-C (--once or
//   CI: exit after printing).
// - With DD_API_KEY: send the same spans to Datadog LLM Observability, agentless (DD_SITE), and print what
//   was sent. No dev intake.
import { randomBytes } from 'node:crypto';
import { relative, resolve } from 'node:path';
import { diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import OpenAI from 'openai';
import type { EvaluationWriter, IntakeWriterStats } from 'otel-llmobs';
import { createEvaluationWriter, LLMObsExporter } from 'otel-llmobs';
import { answerQuestion, type Answer } from './assistant.js';
import { TRAVEL_GUIDE } from './corpus.js';
import { datadogDestination, recordSends } from './datadog.js';
import { startEmbeddedIntake, type EmbeddedIntake } from './dev-intake.js';
import { quickstartEvaluations } from './evaluations.js';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';
import { HELP, parseOptions, type QuickstartOptions } from './options.js';
import { buildIndex } from './retrieval.js';
import { table, terminalStyle, wantsColor, wrap, type Style } from './terminal.js';
import { ML_APP, startTracing, type Tracing } from './tracing.js';
import { runZeroCodeApp } from './zero-code.js';

const write = (text: string): void => void process.stdout.write(text);
const line = (text = ''): void => write(`${text}\n`);

interface Run {
  options: QuickstartOptions;
  style: Style;
  sessionId: string;
}

async function main(): Promise<number> {
  let options: QuickstartOptions;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (options.help) {
    write(HELP);
    return 0;
  }
  // The exporter reports delivery problems (a rejected API key, an unreachable intake) through OTel's diag.
  diag.setLogger(new DiagConsoleLogger(), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });

  const style = terminalStyle(wantsColor(process.stdout, process.env, options.color));
  const run: Run = { options, style, sessionId: options.sessionId ?? `quickstart-${randomBytes(3).toString('hex')}` };
  const apiKey = process.env.DD_API_KEY || process.env.DATADOG_API_KEY;
  line(`${style.bold('otel-llmobs quickstart')} ${style.dim('· a RAG + agent app, traced into LLM Observability')}`);
  line();
  // --zero-code runs against the dev intake: its child process reports nothing back but its answer.
  return apiKey && !options.local && !options.zeroCode ? sendToDatadog(run) : sendToDevIntake(run);
}

/** The app itself: the same whichever way its spans go. */
async function runApp(fake: FakeOpenAI, question: string, sessionId: string, evaluations: EvaluationWriter): Promise<Answer> {
  const client = new OpenAI({ apiKey: 'sk-quickstart-fake', baseURL: `${fake.url}/v1`, maxRetries: 0 });
  const index = await buildIndex(client, TRAVEL_GUIDE);
  return answerQuestion({ client, index, evaluations }, question, sessionId);
}

function printAnswer(answer: Answer, style: Style): void {
  const width = Math.max(40, Math.min(process.stdout.columns || 100, 110) - 5);
  line();
  line(`  ${style.bold('Q')}  ${wrap(answer.question, width, '     ')}`);
  line(`  ${style.bold('A')}  ${wrap(answer.answer, width, '     ')}`);
  line();
}

async function sendToDevIntake({ options, style, sessionId }: Run): Promise<number> {
  const dbPath = options.db === ':memory:' ? ':memory:' : resolve(options.db);
  let intake: EmbeddedIntake;
  try {
    intake = await startEmbeddedIntake({ port: options.port, dbPath, color: style.color, write });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(
      e.code === 'EADDRINUSE' ? `Port ${String(options.port)} is in use: pick another with --port, or --port 0 for any free port.\n` : `Could not start the dev intake: ${e.stack ?? String(e)}\n`,
    );
    return 1;
  }
  const fake = await startFakeOpenAI();
  const managed = quickstartEvaluations(fake.url, process.env);
  const shownDb = dbPath === ':memory:' ? ':memory:' : relative(process.cwd(), dbPath) || dbPath;
  line(
    table(
      [
        ['dev intake', `${intake.url}  ${style.dim(`(otel-llmobs dev, embedded · ${shownDb})`)}`],
        ['fake OpenAI', `${fake.url}/v1  ${style.dim('(deterministic, no API key needed)')}`],
        ['app', `ml_app ${ML_APP}, session ${sessionId}  ${style.dim(options.zeroCode ? '(zero-code: otel-llmobs/register, no tracing file)' : '(openai + OpenLLMetry + the llmobs API)')}`],
        ['evaluations', `judged by ${managed.judge}`],
      ],
      style,
    ),
  );

  if (options.zeroCode) {
    const code = await runZeroCode(intake, fake, { options, style, sessionId });
    await fake.close();
    return finishDevIntake(intake, options, style, code);
  }

  // Agent mode, exactly as an app with DD_TRACE_AGENT_URL pointing at the dev intake would send.
  const exporter = new LLMObsExporter({ agentUrl: intake.url, agentless: false });
  const evaluations = createEvaluationWriter({ mlApp: ML_APP, agentUrl: intake.url, agentless: false });
  const tracing = startTracing(exporter, managed.options);
  let code = 0;
  try {
    const answer = await runApp(fake, options.question, sessionId, evaluations);
    printAnswer(answer, style);

    await tracing.flush();
    const sent = exporter.getStats().sent;
    const landed = sent > 0 && (await intake.waitForTrace(answer.traceId, sent));
    intake.printPending();
    await evaluations.forceFlush();
    const traceUrl = `${intake.url}/#/trace/${answer.traceId}`;
    line();
    if (!landed) {
      line(style.red(`✗ The trace did not reach the dev intake (${describeDelivery(exporter.getStats())}). See ${intake.url}/#/problems`));
      code = 1;
    } else {
      line(`${style.green('✓')} ${style.bold('Open the trace:')}  ${style.cyan(traceUrl)}`);
    }
    line(
      table(
        [
          ['your app', `DD_TRACE_AGENT_URL=${intake.url} node app.js  ${style.dim('(LLMObsExporter, or any dd-trace SDK, unchanged)')}`],
          ['Datadog', `DD_API_KEY=<key> DD_SITE=datadoghq.com pnpm demo  ${style.dim('(the same app, sent to LLM Observability)')}`],
        ],
        style,
      ),
    );
  } catch (err) {
    process.stderr.write(`${style.red('✗ The quickstart app failed:')} ${(err as Error).stack ?? String(err)}\n`);
    code = 1;
  } finally {
    await Promise.all([tracing.shutdown(), evaluations.shutdown(), fake.close()]);
  }
  return finishDevIntake(intake, options, style, code);
}

/** Exit now (--once, or a failure), or keep serving the viewer until Ctrl-C. */
async function finishDevIntake(intake: EmbeddedIntake, options: QuickstartOptions, style: Style, code: number): Promise<number> {
  if (options.once || code !== 0) {
    await intake.close();
    return code;
  }
  line();
  line(`Serving the viewer at ${style.cyan(`${intake.url}/`)}, and printing what arrives. ${style.dim('Ctrl-C to stop.')}`);
  await waitForStopSignal();
  line();
  line(style.dim('Stopping…'));
  await intake.close();
  return 0;
}

/**
 * `--zero-code`: the same app with no tracing file (zero-code-app.ts), in its own process started with
 * `node --import otel-llmobs/register`, configured by the dd-trace environment pointing at the dev
 * intake. By the time it has exited, otel-llmobs/register has delivered its spans.
 */
async function runZeroCode(intake: EmbeddedIntake, fake: FakeOpenAI, { options, style, sessionId }: Run): Promise<number> {
  line(style.dim('  $ DD_LLMOBS_ENABLED=1 DD_LLMOBS_ML_APP=quickstart DD_TRACE_AGENT_URL=… node --import otel-llmobs/register dist/zero-code-app.js'));
  const run = await runZeroCodeApp({
    intakeUrl: intake.url,
    openaiUrl: `${fake.url}/v1`,
    question: options.question,
    sessionId,
    onStderrLine: (text) => line(style.dim(`  ${text}`)),
  });
  if (run.code !== 0 || run.answer === undefined) {
    process.stderr.write(`${style.red('✗ The zero-code app failed')} (exit ${String(run.code)}):\n${run.stderr}`);
    return 1;
  }
  printAnswer(run.answer, style);
  const landed = await intake.waitForTrace(run.answer.traceId, 1);
  intake.printPending();
  line();
  if (!landed) {
    line(style.red(`✗ The trace did not reach the dev intake. See ${intake.url}/#/problems`));
    return 1;
  }
  line(`${style.green('✓')} ${style.bold('Open the trace:')}  ${style.cyan(`${intake.url}/#/trace/${run.answer.traceId}`)}`);
  line(table([['your app', `${run.command.replace(/dist\/zero-code-app\.js$/, 'app.js')}  ${style.dim('(no tracing code)')}`]], style));
  return 0;
}

async function sendToDatadog({ options, style, sessionId }: Run): Promise<number> {
  const destination = datadogDestination(process.env);
  const recorder = recordSends({ color: style.color, write });
  const fake = await startFakeOpenAI();
  const managed = quickstartEvaluations(fake.url, process.env);
  line(
    table(
      [
        [
          'Datadog',
          `${destination.intake}  ${style.dim(destination.overridden ? '(OTEL_LLMOBS_INTAKE_URL)' : `(agentless, DD_SITE=${destination.site})`)}`,
        ],
        ['fake OpenAI', `${fake.url}/v1  ${style.dim('(deterministic, no API key needed)')}`],
        ['app', `ml_app ${ML_APP}, session ${sessionId}  ${style.dim('(openai + OpenLLMetry + the llmobs API)')}`],
        ['evaluations', `judged by ${managed.judge}`],
      ],
      style,
    ),
  );
  line(style.dim('  DD_API_KEY is set: sending to Datadog, no local dev intake (--local to use it anyway).'));

  const exporter = new LLMObsExporter({ agentless: true, fetch: recorder.fetch });
  const evaluations = createEvaluationWriter({ mlApp: ML_APP, agentless: true, fetch: recorder.fetch });
  const tracing: Tracing = startTracing(exporter, managed.options);
  let code = 0;
  try {
    const answer = await runApp(fake, options.question, sessionId, evaluations);
    printAnswer(answer, style);
    await tracing.flush();
    recorder.printPending();
    await evaluations.forceFlush();
    const spans = exporter.getStats();
    const evals = evaluations.getStats();
    const statuses = [...new Set(recorder.requests.map((r) => r.status))].join(', ');
    if (recorder.requests.some((r) => typeof r.status === 'number' && r.status < 300)) line(); // after the tree
    if (spans.sent === 0 || dropped(spans) > 0 || dropped(evals) > 0) {
      line(style.red(`✗ Not everything reached ${destination.intake}: spans ${describeDelivery(spans)}; evaluations ${describeDelivery(evals)} (HTTP ${statuses || 'no answer'}).`));
      line(style.dim('  Check DD_API_KEY and DD_SITE (the key must belong to that site).'));
      code = 1;
    } else {
      line(`${style.green('✓')} Sent ${spans.sent} spans and ${evals.sent} evaluation${evals.sent === 1 ? '' : 's'} to ${destination.intake} ${style.dim(`(HTTP ${statuses})`)}`);
      line(`  ${style.bold('Open')} ${style.cyan(destination.app)}  ${style.dim(`(filter: ml_app:${ML_APP} session_id:${sessionId}; it can take a minute to show)`)}`);
    }
  } catch (err) {
    process.stderr.write(`${style.red('✗ The quickstart app failed:')} ${(err as Error).stack ?? String(err)}\n`);
    code = 1;
  } finally {
    await Promise.all([tracing.shutdown(), evaluations.shutdown(), fake.close()]);
    recorder.close();
  }
  return code;
}

/**
 * Resolves on the first SIGINT or SIGTERM; a second Ctrl-C exits at once. A repeat within a second counts
 * as the same keypress: the terminal signals the whole process group, and a wrapper (npm run) may forward
 * the signal to us once more.
 */
function waitForStopSignal(): Promise<void> {
  return new Promise((resolveStop) => {
    let first = 0;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (first === 0) {
        first = Date.now();
        resolveStop();
      } else if (signal === 'SIGINT' && Date.now() - first > 1_000) {
        process.exit(130);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

function dropped(stats: IntakeWriterStats): number {
  return Object.values(stats.dropped).reduce((sum, n) => sum + (n ?? 0), 0);
}

function describeDelivery(stats: IntakeWriterStats): string {
  const reasons = Object.entries(stats.dropped).map(([reason, n]) => `${String(n)} ${reason}`);
  return `${stats.sent} sent${reasons.length > 0 ? `, dropped: ${reasons.join(', ')}` : ''}`;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
