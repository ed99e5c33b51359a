// otel-llmobs with the official OpenTelemetry instrumentation of the `openai` package
// (@opentelemetry/instrumentation-openai). That instrumentation puts prompts, completions and tool
// calls in log records (GenAI events), not on the span: LLMObsLogRecordProcessor joins them to their
// span. Run: OPENAI_API_KEY=… node app.js (with `npx otel-llmobs dev` running, or DD_API_KEY set).
'use strict';

// ── tracing: before `openai` is required, so the instrumentation can patch it ───────────────────────
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { OpenAIInstrumentation } = require('@opentelemetry/instrumentation-openai');
const { LLMObsLogRecordProcessor, LLMObsSpanProcessor, llmobs } = require('otel-llmobs');

const sdk = new NodeSDK({
  serviceName: 'travel-assistant',
  spanProcessors: [new LLMObsSpanProcessor({ mlApp: 'travel-assistant' })],
  logRecordProcessors: [new LLMObsLogRecordProcessor()],
  // Message content is only captured when asked for (or OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true).
  instrumentations: [new OpenAIInstrumentation({ captureMessageContent: true })],
});
sdk.start();

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
    // The Responses API: the instrumentation emits its content as gen_ai.client.inference.operation.details events.
    const summary = await openai.responses.create({ model: MODEL, instructions: SYSTEM, input: 'How do I get to Lyon by train?' });
    console.log(summary.output_text);
    // A failing call: the span is exported with its error.
    await openai.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'Hello?' }] }).catch((e) => {
      console.log(`expected failure: ${e.status}`);
    });
  });
  // Flushes our processors (and everything else the SDK holds); the process then exits by itself.
  await sdk.shutdown();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
