// otel-llmobs with LangChain.js (@langchain/openai), traced by OpenInference's LangChain
// instrumentation. Run: OPENAI_API_KEY=… node app.js (with `npx otel-llmobs dev` running, or DD_API_KEY set).
'use strict';

// ── tracing ──────────────────────────────────────────────────────────────────────────────────────────
const { context } = require('@opentelemetry/api');
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const { LangChainInstrumentation } = require('@arizeai/openinference-instrumentation-langchain');
const { setSession } = require('@arizeai/openinference-core');
const CallbackManagerModule = require('@langchain/core/callbacks/manager');
const { LLMObsSpanProcessor } = require('otel-llmobs');

const provider = new NodeTracerProvider({ spanProcessors: [new LLMObsSpanProcessor({ mlApp: 'travel-assistant' })] });
provider.register();
// LangChain's callback manager is patched directly: @langchain/core's module layout defeats require hooks.
new LangChainInstrumentation().manuallyInstrument(CallbackManagerModule);

// ── the app ──────────────────────────────────────────────────────────────────────────────────────────
const { ChatOpenAI } = require('@langchain/openai');
const { tool } = require('@langchain/core/tools');
const { HumanMessage, SystemMessage } = require('@langchain/core/messages');
const { RunnableLambda } = require('@langchain/core/runnables');
const { z } = require('zod');

const MODEL = process.env.EXAMPLE_MODEL ?? 'gpt-4o-mini';
const SYSTEM = 'You are a travel assistant. Use this guide:\n[lyon-trains] Trains to Lyon: TGVs leave Paris Gare de Lyon every hour.';
const QUESTION = 'What is the weather in Lyon tomorrow, and how do I get there?';

const getWeather = tool(async ({ city, day }) => JSON.stringify({ city, day: day ?? 'today', forecast: 'sunny', low_c: 12, high_c: 24, chance_of_rain: '10%' }), {
  name: 'get_weather',
  description: 'The weather forecast for a city',
  schema: z.object({ city: z.string(), day: z.string().optional() }),
});

const model = new ChatOpenAI({ model: MODEL, maxRetries: 0 }).bindTools([getWeather]); // OPENAI_API_KEY, OPENAI_BASE_URL

// Pass `config` on to nested calls: it carries the parent run (plain @langchain/core does not propagate it
// through async context on its own), which is how each span finds its parent.
const planTrip = RunnableLambda.from(async (question, config) => {
  const messages = [new SystemMessage(SYSTEM), new HumanMessage(question)];
  const reply = await model.invoke(messages, config);
  messages.push(reply);
  for (const call of reply.tool_calls ?? []) messages.push(await getWeather.invoke(call, config));
  const answer = await model.invoke(messages, config);
  return answer.content;
}).withConfig({ runName: 'plan-trip' });

async function main() {
  await context.with(setSession(context.active(), { sessionId: 'session-42' }), async () => {
    console.log(await planTrip.invoke(QUESTION));
    // A failing call: the span is exported with its error.
    await new ChatOpenAI({ model: 'no-such-model', maxRetries: 0 }).invoke('Hello?').catch((e) => console.log(`expected failure: ${e.status}`));
  });
  // Flushes our processor; the process then exits by itself.
  await provider.shutdown();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
