#!/usr/bin/env node
// The quickstart app with no tracing file at all, for the zero-code start:
//
//   DD_LLMOBS_ENABLED=1 DD_LLMOBS_ML_APP=quickstart DD_TRACE_AGENT_URL=http://127.0.0.1:8126 \
//     node --import otel-llmobs/register dist/zero-code-app.js
//
// otel-llmobs/register sets OpenTelemetry up before this file runs (tracer provider with
// LLMObsSpanProcessor, and OpenLLMetry's OpenAI instrumentation, found installed), and delivers the
// spans when the process ends. `pnpm demo --zero-code` runs it that way against its dev intake and
// fake OpenAI server (OPENAI_BASE_URL), and reads the answer it prints as one JSON line.
import OpenAI from 'openai';
import { createEvaluationWriter } from 'otel-llmobs';
import { answerQuestion } from './assistant.js';
import { TRAVEL_GUIDE } from './corpus.js';
import { DEFAULT_QUESTION } from './options.js';
import { buildIndex } from './retrieval.js';

const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY ?? 'sk-quickstart-fake', baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 });
// Evaluations are not spans: the writer is configured from the same environment (DD_TRACE_AGENT_URL, …).
const evaluations = createEvaluationWriter({ mlApp: process.env.DD_LLMOBS_ML_APP ?? 'quickstart' });
const index = await buildIndex(client, TRAVEL_GUIDE);
const answer = await answerQuestion(
  { client, index, evaluations },
  process.env.QUICKSTART_QUESTION ?? DEFAULT_QUESTION,
  process.env.QUICKSTART_SESSION ?? 'quickstart-zero-code',
);
await evaluations.shutdown();
process.stdout.write(`${JSON.stringify(answer)}\n`);
