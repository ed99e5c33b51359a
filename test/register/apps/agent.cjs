// The CommonJS twin of agent.mjs: a workflow (llmobs API) around an instrumented chat completion.
const OpenAI = require('openai');
const { llmobs } = require('otel-llmobs');

async function main() {
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 });
  const answer = await llmobs.trace({ kind: 'workflow', name: 'answer-question', sessionId: 'register-cjs' }, async () => {
    llmobs.annotate({ inputData: 'What is the capital of France?' });
    const reply = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is the capital of France?' }] });
    const text = reply.choices[0].message.content;
    llmobs.annotate({ outputData: text });
    return text;
  });
  process.stdout.write(`${answer}\n`);
}
main();
