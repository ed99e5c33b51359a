// A plain ESM app, no tracing code, with OpenInference's OpenAI instrumentation installed (and no
// OpenLLMetry): a workflow-less chat completion, traced by whatever otel-llmobs/register enables.
import OpenAI from 'openai';

const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 });
const reply = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is the capital of France?' }] });
process.stdout.write(`${reply.choices[0].message.content}\n`);
