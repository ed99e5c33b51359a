// A service that stays up until it is stopped: one chat completion (its content in log records),
// then "ready", then it idles until a signal ends it.
import OpenAI from 'openai';

const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 });
await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You answer geography questions.' },
    { role: 'user', content: 'What is the capital of France?' },
  ],
});
setInterval(() => undefined, 1000);
process.stdout.write('ready\n');
