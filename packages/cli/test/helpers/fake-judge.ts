import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small OpenAI-compatible judge for the CLI's evaluation tests (the library's own fake judge, with
 * every wire shape and fault, is packages/otel-llmobs/test/fake-judge): Bearer auth, and a verdict
 * from a `[[judge:<evaluation>=<value>]]` marker in the evaluated text, else the schema's clean value.
 */
export const JUDGE_KEY = 'sk-cli-fake-judge';
const CLEAN = ['not_toxic', 'answered', 'neutral', 'on_topic', 'no_injection', 'no_hallucination'];

export interface CliFakeJudge {
  url: string;
  requests: number;
  close(): Promise<void>;
}

export async function startFakeJudge(): Promise<CliFakeJudge> {
  const judge = { url: '', requests: 0, close: (): Promise<void> => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      judge.requests++;
      if (req.headers.authorization !== `Bearer ${JUDGE_KEY}`) {
        res.writeHead(401).end('{}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        messages: Array<{ role: string; content: string }>;
        response_format?: { json_schema?: { schema?: { properties?: Record<string, { enum?: string[]; type?: string }> } } };
      };
      const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
      const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
      const evaluation = /Evaluation: (\w+)/.exec(system)?.[1] ?? '';
      const props = body.response_format?.json_schema?.schema?.properties ?? {};
      const values = props.value?.enum ?? [];
      const marker = new RegExp(`\\[\\[judge:${evaluation}=(\\w+)\\]\\]`).exec(user)?.[1];
      const verdict: Record<string, unknown> = { reasoning: 'The CLI fake judge.', value: marker && values.includes(marker) ? marker : (CLEAN.find((v) => values.includes(v)) ?? values[0]) };
      for (const [key, prop] of Object.entries(props)) if (!(key in verdict)) verdict[key] = prop.type === 'array' ? [] : (prop.enum?.[0] ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: JSON.stringify(verdict) }, finish_reason: 'stop' }], usage: { prompt_tokens: 100, completion_tokens: 10 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  judge.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  judge.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return judge;
}
