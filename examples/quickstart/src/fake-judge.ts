// The fake OpenAI server also plays the judge of otel-llmobs' managed evaluations, so `pnpm demo`
// shows them with no API key: a request that asks for the `submit_evaluation` JSON schema gets a
// deterministic verdict, the schema's "clean" value (on topic, answered, not toxic …) with a fixed
// rationale. With OPENAI_API_KEY set, the demo asks the real OpenAI instead.

interface JudgeSchema {
  properties?: Record<string, { enum?: string[]; type?: string; items?: { enum?: string[] } }>;
}

interface JudgeRequestBody {
  model?: string;
  messages?: Array<{ role?: string; content?: unknown }>;
  response_format?: { type?: string; json_schema?: { name?: string; schema?: JudgeSchema } };
}

/** What a passing exchange is called, per evaluation. */
const CLEAN = ['on_topic', 'answered', 'no_hallucination', 'not_toxic', 'no_injection', 'positive', 'neutral'];

export function isJudgeRequest(body: unknown): boolean {
  return (body as JudgeRequestBody | null)?.response_format?.json_schema?.name === 'submit_evaluation';
}

export function judgeCompletion(body: JudgeRequestBody, n: number): unknown {
  const properties = body.response_format?.json_schema?.schema?.properties ?? {};
  const values = properties.value?.enum ?? [];
  const value = CLEAN.find((v) => values.includes(v)) ?? values[values.length - 1] ?? 'unknown';
  const verdict: Record<string, unknown> = { reasoning: 'The fake judge of the quickstart always finds the exchange clean.', value };
  for (const [key, prop] of Object.entries(properties)) {
    if (key === 'reasoning' || key === 'value') continue;
    if (prop.type === 'array') verdict[key] = [];
    else if (prop.enum) verdict[key] = CLEAN.find((v) => prop.enum?.includes(v)) ?? (prop.enum.includes('none') ? 'none' : prop.enum[0]);
    else verdict[key] = '';
  }
  const content = JSON.stringify(verdict);
  const prompt = (body.messages ?? []).reduce((sum, m) => sum + (typeof m.content === 'string' ? m.content.length : 0), 0);
  const promptTokens = Math.ceil(prompt / 4);
  const completionTokens = Math.ceil(content.length / 4);
  return {
    id: `chatcmpl-quickstart-judge-${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model ?? 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}
