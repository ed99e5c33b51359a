// otel-llmobs with OpenInference (Arize): its OpenAI instrumentation and the openinference-core
// helpers (traceChain / traceAgent / traceTool, setSession). Run: OPENAI_API_KEY=… node app.js (with
// `npx otel-llmobs dev` running, or DD_API_KEY set).
'use strict';

// ── tracing: before `openai` is required, so the instrumentation can patch it ───────────────────────
const { context } = require('@opentelemetry/api');
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { OpenAIInstrumentation } = require('@arizeai/openinference-instrumentation-openai');
const { LLMObsSpanProcessor } = require('otel-llmobs');

const provider = new NodeTracerProvider({ spanProcessors: [new LLMObsSpanProcessor({ mlApp: 'travel-assistant' })] });
provider.register();
registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()] });

// ── the app ──────────────────────────────────────────────────────────────────────────────────────────
const { OpenAI } = require('openai');
const { setSession, traceAgent, traceChain, traceTool } = require('@arizeai/openinference-core');

const openai = new OpenAI(); // OPENAI_API_KEY, OPENAI_BASE_URL
const MODEL = process.env.EXAMPLE_MODEL ?? 'gpt-4o-mini';
const SYSTEM = 'You are a travel assistant. Use this guide:\n[lyon-trains] Trains to Lyon: TGVs leave Paris Gare de Lyon every hour.';
const QUESTION = 'What is the weather in Lyon tomorrow, and how do I get there?';
const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'The weather forecast for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' }, day: { type: 'string' } }, required: ['city'] },
    },
  },
];

const getWeather = traceTool(
  function getWeather({ city, day }) {
    return { city, day: day ?? 'today', forecast: 'sunny', low_c: 12, high_c: 24, chance_of_rain: '10%' };
  },
  { name: 'get_weather' },
);

const findTrain = traceTool(
  function findTrain(destination) {
    throw new Error(`no trains to ${destination}`);
  },
  { name: 'find_train' },
);

const answer = traceAgent(
  async function answer(question) {
    const messages = [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: question },
    ];
    const first = await openai.chat.completions.create({ model: MODEL, messages, tools: TOOLS });
    const reply = first.choices[0].message;
    messages.push(reply);
    for (const call of reply.tool_calls ?? []) {
      const result = getWeather(JSON.parse(call.function.arguments));
      messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
    }
    const second = await openai.chat.completions.create({ model: MODEL, messages, tools: TOOLS });
    return second.choices[0].message.content;
  },
  { name: 'travel-agent' },
);

const planTrip = traceChain(
  async function planTrip(question) {
    const text = await answer(question);
    // A failing tool: the span is exported with its error. (A failed OpenAI call is not: the
    // instrumentation, 4.2.7, only ends its span when the call succeeds.)
    try {
      findTrain('Atlantis');
    } catch (e) {
      console.log(`expected failure: ${e.message}`);
    }
    return text;
  },
  { name: 'plan-trip' },
);

async function main() {
  const text = await context.with(setSession(context.active(), { sessionId: 'session-42' }), () => planTrip(QUESTION));
  console.log(text);
  // Flushes our processor; the process then exits by itself.
  await provider.shutdown();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
