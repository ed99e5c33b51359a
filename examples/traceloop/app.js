// otel-llmobs with the Traceloop SDK (OpenLLMetry): its initialize() builds the NodeSDK, and takes
// our span processor as `processor`. Run: OPENAI_API_KEY=… node app.js (with `npx otel-llmobs dev`
// running, or DD_API_KEY set).
'use strict';

// ── tracing ──────────────────────────────────────────────────────────────────────────────────────────
const traceloop = require('@traceloop/node-server-sdk');
const { LLMObsSpanProcessor } = require('otel-llmobs');
const { OpenAI } = require('openai');

const llmobsProcessor = new LLMObsSpanProcessor({ mlApp: 'travel-assistant' });
traceloop.initialize({
  appName: 'travel-assistant',
  processor: llmobsProcessor,
  // Stay offline: Traceloop always adds its own processor, exporting to api.traceloop.com unless
  // given an exporter (this one drops what it is given), and fetches its prompt registry unless told not to.
  exporter: { export: (_spans, done) => done({ code: 0 }), shutdown: () => Promise.resolve() },
  traceloopSyncEnabled: false,
  silenceInitializationMessage: true,
  // Instrument the module object itself: works whatever the load order (and in ESM apps).
  instrumentModules: { openAI: OpenAI },
});

// ── the app ──────────────────────────────────────────────────────────────────────────────────────────
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

function getWeather({ city, day }) {
  return { city, day: day ?? 'today', forecast: 'sunny', low_c: 12, high_c: 24, chance_of_rain: '10%' };
}

async function answer(question) {
  return traceloop.withAgent({ name: 'travel-agent' }, async () => {
    const messages = [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: question },
    ];
    const first = await openai.chat.completions.create({ model: MODEL, messages, tools: TOOLS });
    const reply = first.choices[0].message;
    messages.push(reply);
    for (const call of reply.tool_calls ?? []) {
      const args = JSON.parse(call.function.arguments);
      const result = await traceloop.withTool({ name: 'get_weather' }, () => getWeather(args));
      messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
    }
    const second = await openai.chat.completions.create({ model: MODEL, messages, tools: TOOLS });
    return second.choices[0].message.content;
  });
}

async function main() {
  await traceloop.withWorkflow({ name: 'plan-trip', associationProperties: { session_id: 'session-42' } }, async () => {
    console.log(await answer(QUESTION));
    // A failing call inside a task: the LLM span is exported with its error.
    await traceloop
      .withTask({ name: 'check-model' }, () => openai.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'Hello?' }] }))
      .catch((e) => console.log(`expected failure: ${e.status}`));
  });
  // traceloop.forceFlush() only flushes Traceloop's own processor: flush ours too before exiting.
  await traceloop.forceFlush();
  await llmobsProcessor.forceFlush();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
