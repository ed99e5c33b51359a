// A service that stays up until it is stopped: one chat completion, then "ready", then it idles.
// With OWN_HANDLER set it handles SIGTERM/SIGINT itself (stops idling and lets the process end).
import OpenAI from 'openai';

const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 });
await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is the capital of France?' }] });
const idle = setInterval(() => undefined, 1000);
if (process.env.OWN_HANDLER) {
  const stop = (signal) => {
    clearInterval(idle);
    process.stdout.write(`app handler: ${signal}\n`);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
process.stdout.write('ready\n');
