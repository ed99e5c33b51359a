// chat.mjs with the workaround for ESM (docs/register.md): OpenInference's instrumentation cannot
// hook ES module imports (its import-in-the-middle is too old), so the app hands it the client.
// The tracer provider it traces to is still the zero-code start's.
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import OpenAI from 'openai';

new OpenAIInstrumentation().manuallyInstrument(OpenAI);

const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 });
const reply = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is the capital of France?' }] });
process.stdout.write(`${reply.choices[0].message.content}\n`);
