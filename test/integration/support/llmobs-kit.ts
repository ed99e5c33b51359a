/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are untyped JSON */
import { FakeIntake } from '../../../packages/otel-llmobs/test/datadog/fake-intake.js';

/**
 * Test doubles for the integration tests of the processor and the llmobs API, on 127.0.0.1: a
 * Datadog intake that records what `LLMObsExporter` sends, and a tiny OpenAI-compatible server. Both
 * are the library's unit-test `FakeIntake` (records every request, answers from a responder).
 */

export const API_KEY = '0123456789abcdef0123456789abcdef';

export type LocalServer = FakeIntake;

/** Records every request; answers 202 like the intake. */
export function startIntake(): Promise<LocalServer> {
  return FakeIntake.start();
}

/** A server that records every request and answers each one with `status` and `body`. */
export function startAnswering(status: number, body: string): Promise<LocalServer> {
  return FakeIntake.start(() => ({ status, body }));
}

/** The span events the intake received, in order. */
export function spanEvents(intake: LocalServer): any[] {
  return intake.requests
    .filter((r) => r.method === 'POST' && r.path.endsWith('/api/v2/llmobs'))
    .flatMap((r) => (r.json as any[]).flatMap((envelope) => envelope.spans as any[]));
}

/** `/v1/chat/completions` (non-streaming JSON) answering every question the same way. */
export function startFakeOpenAI(answer = 'Paris is the capital of France.'): Promise<LocalServer> {
  return FakeIntake.start((request) => {
    if (request.path !== '/v1/chat/completions') return { status: 404, body: JSON.stringify({ error: { message: 'not found' } }) };
    const model: string = request.json?.model ?? 'gpt-4o-mini';
    return {
      status: 200,
      body: JSON.stringify({
        id: 'chatcmpl-123',
        object: 'chat.completion',
        created: 1700000000,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
      }),
    };
  });
}
