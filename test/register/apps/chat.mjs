// A plain ESM app with no tracing code at all: two chat completions through the `openai` client.
import OpenAI from 'openai';

const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 });
for (const question of ['What is the capital of France?', 'And of Italy?']) {
  const reply = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  process.stdout.write(`${reply.choices[0].message.content}\n`);
}
