// otel-llmobs with the Vercel AI SDK 7: its telemetry goes through @ai-sdk/otel into the app's
// tracer provider, where LLMObsSpanProcessor reads it. ai 7 needs Node ≥ 22. Run: OPENAI_API_KEY=…
// node app.mjs (with `npx otel-llmobs dev` running, or DD_API_KEY set).

// ── tracing ──────────────────────────────────────────────────────────────────────────────────────────
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenTelemetry } from '@ai-sdk/otel';
import { registerTelemetry } from 'ai';
import { LLMObsSpanProcessor } from 'otel-llmobs';

const provider = new NodeTracerProvider({ spanProcessors: [new LLMObsSpanProcessor({ mlApp: 'travel-assistant' })] });
provider.register();
// runtimeContext: record the runtime context keys a call includes (ai.settings.context.*), where the session id goes.
registerTelemetry(new OpenTelemetry({ runtimeContext: true }));

// ── the app ──────────────────────────────────────────────────────────────────────────────────────────
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs, tool } from 'ai';
import { z } from 'zod';

const openai = createOpenAI(); // OPENAI_API_KEY, OPENAI_BASE_URL
const MODEL = process.env.EXAMPLE_MODEL ?? 'gpt-4o-mini';
const SYSTEM = 'You are a travel assistant. Use this guide:\n[lyon-trains] Trains to Lyon: TGVs leave Paris Gare de Lyon every hour.';
const QUESTION = 'What is the weather in Lyon tomorrow, and how do I get there?';

const getWeather = tool({
  description: 'The weather forecast for a city',
  inputSchema: z.object({ city: z.string(), day: z.string().optional() }),
  execute: async ({ city, day }) => ({ city, day: day ?? 'today', forecast: 'sunny', low_c: 12, high_c: 24, chance_of_rain: '10%' }),
});

// The session id travels in the runtime context, recorded as ai.settings.context.sessionId.
const telemetry = { functionId: 'plan-trip', includeRuntimeContext: { sessionId: true } };

const { text } = await generateText({
  // `.chat`: the Chat Completions API (`openai(…)` alone means the Responses API in @ai-sdk/openai 2+).
  model: openai.chat(MODEL),
  system: SYSTEM,
  prompt: QUESTION,
  tools: { get_weather: getWeather },
  stopWhen: stepCountIs(3),
  runtimeContext: { sessionId: 'session-42' },
  telemetry,
});
console.log(text);

// A failing call: its spans are exported with the error.
await generateText({ model: openai.chat('no-such-model'), prompt: 'Hello?', maxRetries: 0, runtimeContext: { sessionId: 'session-42' }, telemetry }).catch((e) => {
  console.log(`expected failure: ${e.statusCode ?? e.name}`);
});

// Flushes our processor; the process then exits by itself.
await provider.shutdown();
