// `pnpm demo --zero-code`: the app (zero-code-app.ts) in its own process, started the zero-code way,
// `node --import otel-llmobs/register`, and configured by the environment alone, as a user would
// run theirs: the dd-trace variables pointing at the dev intake, OPENAI_BASE_URL at the fake server.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Answer } from './assistant.js';
import { ML_APP } from './tracing.js';

export interface ZeroCodeRun {
  /** The command, as a user would type it (for the demo's output). */
  command: string;
  /** What otel-llmobs/register and the app wrote to stderr (its startup line). */
  stderr: string;
  answer: Answer | undefined;
  code: number | null;
}

/** `onStderrLine` sees each line the child writes to stderr as it comes (its startup line first). */
export function runZeroCodeApp(options: {
  intakeUrl: string;
  openaiUrl: string;
  question: string;
  sessionId: string;
  onStderrLine?: (text: string) => void;
}): Promise<ZeroCodeRun> {
  const app = fileURLToPath(new URL('./zero-code-app.js', import.meta.url));
  const register = import.meta.resolve('otel-llmobs/register');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DD_LLMOBS_ENABLED: '1',
    DD_LLMOBS_ML_APP: ML_APP,
    DD_SERVICE: ML_APP,
    DD_TRACE_AGENT_URL: options.intakeUrl,
    DD_LLMOBS_AGENTLESS_ENABLED: 'false',
    OPENAI_BASE_URL: options.openaiUrl,
    QUICKSTART_QUESTION: options.question,
    QUICKSTART_SESSION: options.sessionId,
  };
  // `pnpm demo` runs us with pnpm's whole store on NODE_PATH: the app resolves from its own node_modules.
  delete env.NODE_PATH;
  const command = `DD_LLMOBS_ENABLED=1 DD_LLMOBS_ML_APP=${ML_APP} DD_TRACE_AGENT_URL=${options.intakeUrl} node --import otel-llmobs/register dist/zero-code-app.js`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', register, app], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    let pending = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const text of lines) options.onStderrLine?.(text);
    });
    child.on('close', (code) => {
      let answer: Answer | undefined;
      try {
        answer = JSON.parse(stdout.trim().split('\n').pop() ?? '') as Answer;
      } catch {
        answer = undefined;
      }
      resolve({ command, stderr, answer, code });
    });
  });
}
