// otel-llmobs with OpenLIT, through the OTLP gateway. openlit.init() builds and registers its own
// tracer provider (openlit 1.15 on OTel SDK 2.x cannot share yours: see docs/libraries.md), so its spans
// leave the process as OTLP and `otel-llmobs gateway` (or `otel-llmobs dev` locally) turns them into
// LLM Observability spans. Run: `npx otel-llmobs gateway` (DD_API_KEY set), then OPENAI_API_KEY=… node app.js.
'use strict';

// ── tracing ──────────────────────────────────────────────────────────────────────────────────────────
const { trace } = require('@opentelemetry/api');
const openlit = require('openlit').default;
const { llmobs } = require('otel-llmobs');

openlit.init({
  applicationName: 'travel-assistant',
  otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://127.0.0.1:4318', // the gateway
  disableMetrics: true,
  disableEvents: true,
  pricingJson: {}, // else fetched from GitHub at start
});

// ── the app ──────────────────────────────────────────────────────────────────────────────────────────
const { OpenAI } = require('openai');

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

const getWeather = llmobs.wrap({ kind: 'tool', name: 'get_weather' }, function getWeather({ city, day }) {
  return { city, day: day ?? 'today', forecast: 'sunny', low_c: 12, high_c: 24, chance_of_rain: '10%' };
});

async function answer(question) {
  return llmobs.trace({ kind: 'agent', name: 'travel-agent' }, async () => {
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
  });
}

async function main() {
  await llmobs.trace({ kind: 'workflow', name: 'plan-trip', sessionId: 'session-42' }, async () => {
    console.log(await answer(QUESTION));
    await openai.embeddings.create({ model: 'text-embedding-3-small', input: ['Trains to Lyon', 'Weather in Lyon'] });
    // A failing call: the span is exported with its error.
    await openai.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'Hello?' }] }).catch((e) => {
      console.log(`expected failure: ${e.status}`);
    });
  });
  // Flushes OpenLIT's provider (the global one: it registered it); the process then exits by itself.
  await trace.getTracerProvider().getDelegate().shutdown();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
