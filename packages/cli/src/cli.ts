#!/usr/bin/env node
// The `otel-llmobs` command.
import { diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import { UsageError } from './args/usage.js';
import { DEV_HELP, parseDevArgs } from './dev/options.js';
import { runDev } from './dev/run-dev.js';
import { GATEWAY_HELP, parseGatewayArgs } from './gateway/options.js';
import { runGateway } from './gateway/run-gateway.js';
import { CLI_VERSION } from './version.js';

const MAIN_HELP = `otel-llmobs ${CLI_VERSION}: tools for Datadog LLM Observability with OpenTelemetry

Usage: otel-llmobs <command> [options]

Commands:
  dev        Local dev intake and viewer: receives LLM Observability spans and evaluations
             (as the Datadog Agent or the intake would), validates them, stores them, shows them.
  gateway    OTLP/HTTP → LLM Observability: receives OTLP traces from any OpenTelemetry SDK or
             Collector and sends their LLM spans to Datadog, mapped as in-process.

Run "otel-llmobs <command> --help" for a command's options.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(MAIN_HELP);
    return command === undefined ? 1 : 0;
  }
  if (command === '-v' || command === '--version') {
    process.stdout.write(`${CLI_VERSION}\n`);
    return 0;
  }
  if (command === 'gateway') return gateway(rest);
  if (command !== 'dev') throw new UsageError(`Unknown command "${command}".\n\n${MAIN_HELP}`);
  return dev(rest);
}

async function gateway(args: string[]): Promise<number> {
  const parsed = parseGatewayArgs(args);
  if (parsed.help) {
    process.stdout.write(GATEWAY_HELP);
    return 0;
  }
  // The library logs through the OTel diag API: show its warnings (delivery problems, drops).
  diag.setLogger(new DiagConsoleLogger(), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return runUntilSignal(
    () => runGateway({ gateway: parsed.options, quiet: parsed.quiet, metrics: parsed.metrics, write: (text) => process.stdout.write(text) }),
    { stopping: 'replaying buffered traces, delivering them', forced: 'Forced exit: buffered traces are lost.' },
    `${parsed.options.host ?? ''}:${parsed.options.port ?? ''} is already in use (an OpenTelemetry Collector, or another gateway?). Pick another --port.`,
  );
}

async function dev(args: string[]): Promise<number> {
  const parsed = parseDevArgs(args);
  if (parsed.help) {
    process.stdout.write(DEV_HELP);
    return 0;
  }
  const { host, port } = parsed.options;
  // A Ctrl-C during startup also closes the database cleanly.
  return runUntilSignal(
    () => runDev({ ...parsed.options, color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, write: (text) => process.stdout.write(text) }),
    { stopping: 'flushing, closing the database', forced: 'Forced exit.' },
    `${host}:${port} is already in use (a Datadog Agent, or another otel-llmobs dev?). Pick another --port.`,
  );
}

/**
 * Starts a command and resolves with the exit code once SIGINT or SIGTERM has stopped it gracefully
 * (0, or 1 when stopping failed); a second signal exits at once (130). Signals are handled from the
 * start: one that arrives during startup stops the command as soon as it is up.
 */
async function runUntilSignal(
  start: () => Promise<{ stop(): Promise<void> }>,
  messages: { stopping: string; forced: string },
  addressInUse: string,
): Promise<number> {
  let stop: (() => Promise<void>) | undefined;
  let signalled: ((code: number) => void) | undefined;
  const stopped = new Promise<number>((resolve) => (signalled = resolve));
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) {
      process.stderr.write(`${messages.forced}\n`);
      process.exit(130);
    }
    process.stdout.write(`\n${signal}: stopping (${messages.stopping})…\n`);
    (stop ?? (() => Promise.resolve()))().then(
      () => signalled?.(0),
      (err: unknown) => {
        process.stderr.write(`Error while stopping: ${(err as Error).message}\n`);
        signalled?.(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const running = await start();
    stop = () => running.stop();
    if (signals > 0) await stop();
  } catch (err) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(addressInUse);
    throw err;
  }
  return stopped;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Stopped: if something still holds the event loop (a request to a hanging intake abandoned at
    // the drain bound), it must not keep the process up.
    setTimeout(() => process.exit(), 2_000).unref();
  },
  (err: unknown) => {
    if (err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`otel-llmobs: ${(err as Error).message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`otel-llmobs: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
