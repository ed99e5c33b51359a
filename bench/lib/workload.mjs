// The side-by-side workload, written against the `llmobs` API surface that dd-trace-js
// (`tracer.llmobs`) and otel-llmobs (`llmobs`) share: a workflow span wrapping an llm span,
// both annotated. 2 spans per iteration. Driven over IPC (see bench/run.mjs):
//   {cmd:'run', iterations} → {spans}; {cmd:'cpu'} → CPU since the last run started; {cmd:'finish'}.
import { serveIpc } from './child.mjs';
import { CHAT_INPUT, CHAT_OUTPUT } from './spans.mjs';

const text = (message) => message.parts.map((p) => p.content).join('');
const MESSAGES_IN = CHAT_INPUT.map((m) => ({ role: m.role, content: text(m) }));
const MESSAGES_OUT = CHAT_OUTPUT.map((m) => ({ role: m.role, content: text(m) }));
const QUESTION = MESSAGES_IN[1].content.slice(0, 200);
const ANSWER = MESSAGES_OUT[0].content.slice(0, 300);

export function iteration(llmobs) {
  llmobs.trace({ kind: 'workflow', name: 'answer', sessionId: 'sess-42' }, () => {
    llmobs.trace({ kind: 'llm', name: 'chat', modelName: 'gpt-4o-mini', modelProvider: 'openai' }, () => {
      llmobs.annotate({
        inputData: MESSAGES_IN,
        outputData: MESSAGES_OUT,
        metadata: { temperature: 0.2, max_tokens: 512 },
        metrics: { inputTokens: 412, outputTokens: 160, totalTokens: 572 },
        tags: { team: 'search' },
      });
    });
    llmobs.annotate({ inputData: QUESTION, outputData: ANSWER });
  });
  return 2;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Serves the IPC protocol for `llmobs`; `flush()` is the API's own (dd-trace: sync, ours: a promise). */
export function serve(llmobs) {
  let started = process.cpuUsage();
  serveIpc(async (msg) => {
    if (msg.cmd === 'run') {
      started = process.cpuUsage();
      let spans = 0;
      for (let i = 0; i < msg.iterations; i++) {
        spans += iteration(llmobs);
        if (i % 32 === 31) await tick();
        // Both SDKs buffer ≤ 1000 events between their 1 s flushes (dd-trace drops beyond): flush as an app would.
        if (i % 250 === 249) void llmobs.flush();
      }
      void llmobs.flush();
      process.send({ spans });
    } else if (msg.cmd === 'cpu') {
      const used = process.cpuUsage(started);
      process.send({ cpuMicros: used.user + used.system });
    } else if (msg.cmd === 'finish') {
      process.send({ maxRssKiB: process.resourceUsage().maxRSS, node: process.version });
      setTimeout(() => process.exit(0), 50);
    }
  });
  process.send({ ready: true });
}
