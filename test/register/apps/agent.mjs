// An ESM app whose only tracing code is the llmobs API (no OpenTelemetry setup): a workflow around
// a chat completion that OpenLLMetry's instrumentation traces, so the spans make a tree.
import OpenAI from 'openai';
import { llmobs } from 'otel-llmobs';

const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 });
const answer = await llmobs.trace({ kind: 'workflow', name: 'answer-question', sessionId: 'register-esm' }, async () => {
  llmobs.annotate({ inputData: 'What is the capital of France?' });
  const reply = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is the capital of France?' }] });
  const text = reply.choices[0].message.content;
  llmobs.annotate({ outputData: text });
  return text;
});
process.stdout.write(`${answer}\n`);
