// Command-line options of the quickstart (`pnpm demo -- --help`).
import { parseArgs } from 'node:util';

export const DEFAULT_QUESTION = 'Can I take my bike on the TGV to Lyon tomorrow, and will it rain?';
const DEFAULT_DB = '.otel-llmobs/quickstart.sqlite';

export interface QuickstartOptions {
  /** Print the trace and exit, instead of serving the viewer until Ctrl-C. */
  once: boolean;
  /** Use the local dev intake even when DD_API_KEY is set. */
  local: boolean;
  /** Run the app with no tracing file, started with `node --import otel-llmobs/register` (dev intake only). */
  zeroCode: boolean;
  port: number | undefined;
  db: string;
  question: string;
  sessionId: string | undefined;
  color: boolean | undefined;
  help: boolean;
}

export const HELP = `Usage: pnpm demo [-- options]      (or: node examples/quickstart/dist/main.js [options])

Runs a small RAG + agent app (the openai client traced by OpenLLMetry, plus the llmobs API) against a
bundled fake OpenAI server, and shows its trace:

  without DD_API_KEY  in the local dev intake: the trace tree here, and the viewer in your browser
  with DD_API_KEY     in Datadog LLM Observability (agentless; DD_SITE, default datadoghq.com)

Options:
  --once              print the trace and exit (default when CI is set); otherwise serve the viewer until Ctrl-C
  --port <n>          dev intake port (default 8126 when free, else any free port; 0: any free port)
  --db <path>         dev intake database (default ${DEFAULT_DB}; :memory: keeps nothing)
  --question <text>   what to ask (default: "${DEFAULT_QUESTION}")
  --session <id>      session id (default: a new one per run)
  --local             use the local dev intake even when DD_API_KEY is set
  --zero-code         the same app with no tracing file, started with node --import otel-llmobs/register
                      and configured by DD_* variables (always to the local dev intake)
  --no-color          plain output (NO_COLOR works too)
  -h, --help          this help
`;

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): QuickstartOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      once: { type: 'boolean' },
      local: { type: 'boolean' },
      'zero-code': { type: 'boolean' },
      port: { type: 'string' },
      db: { type: 'string' },
      question: { type: 'string' },
      session: { type: 'string' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number (0-65535), got '${values.port}'`);
  }
  const question = values.question ?? DEFAULT_QUESTION;
  if (question.trim() === '') throw new Error('--question must not be empty');
  return {
    once: values.once === true || isTruthy(env.CI),
    local: values.local === true,
    zeroCode: values['zero-code'] === true,
    port,
    db: values.db ?? DEFAULT_DB,
    question,
    sessionId: values.session,
    color: values['no-color'] === true ? false : undefined,
    help: values.help === true,
  };
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
