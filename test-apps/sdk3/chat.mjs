// A plain ESM app, no tracing code, with the official OpenTelemetry instrumentation of openai
// installed (it puts prompts and completions in log records, not on the span) and the logs SDK.
import OpenAI from 'openai';

const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 });
const reply = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You answer geography questions.' },
    { role: 'user', content: 'What is the capital of France?' },
  ],
});
process.stdout.write(`${reply.choices[0].message.content}\n`);
