// The app: a rail-travel assistant. One question is one trace:
//
//   workflow  answer-question             llmobs.trace, with the session id
//   ├─ retrieval  search-guide            llmobs.trace: the guide's documents with their scores
//   │  └─ embedding  embed-query          llmobs.trace around the openai embeddings call
//   └─ agent  rail-assistant              llmobs.trace, with its manifest (instructions, model, tools)
//      ├─ llm  chat gpt-4o-mini           the openai client, traced by OpenLLMetry: asks for get_weather
//      ├─ tool  get_weather               llmobs.wrap
//      └─ llm  chat gpt-4o-mini           OpenLLMetry again: the answer
//
// Both LLM spans get the prompt template and its RAG variables from llmobs.annotationContext, and the
// workflow gets an evaluation. Nothing here knows where the spans go: that is tracing.ts's business.
import type OpenAI from 'openai';
import type { EvaluationWriter } from 'otel-llmobs';
import { llmobs } from 'otel-llmobs';
import type { GuideIndex, ScoredDocument } from './retrieval.js';
import { getWeather, WEATHER_TOOL, type WeatherQuery } from './tools.js';

const CHAT_MODEL = 'gpt-4o-mini';
const AGENT_NAME = 'rail-assistant';
const MAX_STEPS = 4;

const SYSTEM_TEMPLATE =
  'You are a rail travel assistant. Answer from the travel guide below and name the section you used. ' +
  'Call get_weather when the traveller asks about the weather.\n\nTravel guide:\n{{context}}';
const USER_TEMPLATE = '{{question}}';

export interface AssistantDeps {
  client: OpenAI;
  index: GuideIndex;
  /** Where the answer's evaluation goes (optional). */
  evaluations?: EvaluationWriter;
}

export interface Answer {
  question: string;
  answer: string;
  documents: ScoredDocument[];
  /** The workflow span, as LLM Observability knows it (what the exporter sends). */
  traceId: string;
  spanId: string;
}

export function answerQuestion(deps: AssistantDeps, question: string, sessionId: string): Promise<Answer> {
  return llmobs.trace({ kind: 'workflow', name: 'answer-question', sessionId }, async (span) => {
    llmobs.annotate({ inputData: question, tags: { channel: 'quickstart' } });
    const documents = await deps.index.search(question);
    const context = documents.map((d) => `[${d.id}] ${d.title}: ${d.text}`).join('\n');
    const answer = await runAgent(deps.client, question, context);
    llmobs.annotate({ outputData: answer });

    // A tiny evaluation: does the answer name the guide section it relied on?
    const ref = llmobs.exportSpan(span);
    const cited = documents.find((d) => answer.includes(d.title));
    deps.evaluations?.submit(
      {
        label: 'cites_guide',
        metricType: 'boolean',
        value: cited !== undefined,
        assessment: cited ? 'pass' : 'fail',
        reasoning: cited ? `the answer names “${cited.title}”` : 'the answer names no section of the guide',
        tags: { evaluator: 'quickstart-rules' },
      },
      ref,
    );
    return { question, answer, documents, ...ref };
  });
}

function runAgent(client: OpenAI, question: string, context: string): Promise<string> {
  return llmobs.trace({ kind: 'agent', name: AGENT_NAME }, async () => {
    llmobs.annotate({
      inputData: question,
      agent: { name: AGENT_NAME, instructions: SYSTEM_TEMPLATE, model: CHAT_MODEL, tools: [WEATHER_TOOL], modelSettings: { temperature: 0 } },
    });
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      { role: 'system', content: SYSTEM_TEMPLATE.replace('{{context}}', context) },
      { role: 'user', content: question },
    ];
    // The LLM spans are OpenLLMetry's, not ours: annotationContext is how the prompt template reaches them.
    const prompt = {
      id: AGENT_NAME,
      version: '1.0.0',
      template: [
        { role: 'system', content: SYSTEM_TEMPLATE },
        { role: 'user', content: USER_TEMPLATE },
      ],
      variables: { context, question },
      contextVariables: ['context'],
      queryVariables: ['question'],
    };
    const answer = await llmobs.annotationContext({ prompt }, async () => {
      for (let step = 0; step < MAX_STEPS; step++) {
        const completion = await client.chat.completions.create({ model: CHAT_MODEL, messages, tools: [WEATHER_TOOL], temperature: 0 });
        const message = completion.choices[0]?.message;
        if (!message) throw new Error('the model returned no choice');
        const calls = (message.tool_calls ?? []).filter((c) => c.type === 'function');
        if (calls.length === 0) return message.content ?? '';
        messages.push(message);
        for (const call of calls) {
          const result = call.function.name === 'get_weather' ? await getWeather(JSON.parse(call.function.arguments) as WeatherQuery) : { error: `unknown tool ${call.function.name}` };
          messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
        }
      }
      throw new Error(`no answer after ${MAX_STEPS} steps`);
    });
    llmobs.annotate({ outputData: answer });
    return answer;
  });
}
