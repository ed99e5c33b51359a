/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies and golden files are untyped JSON */
// The intake contract validator: every golden payload validates clean, and each mutation of a valid
// payload gives the violation it should.
import { describe, expect, it } from 'vitest';
import { validateSpanPayload } from '../src/dev/validate/span-payload.js';
import { validateEvaluationPayload } from '../src/dev/validate/evaluation.js';
import { isDecimalSpanId, isHexTraceId } from '../src/dev/validate/ids.js';
import type { Violation } from '../src/dev/validate/violations.js';
import { goldenIntakeRequests, goldenRequestsOf, isEvalPath } from './helpers/golden.js';

function allViolations(body: unknown, evaluation = false): Violation[] {
  if (evaluation) {
    const r = validateEvaluationPayload(body);
    return [...r.payload, ...r.metrics.flatMap((m) => m.violations)];
  }
  const r = validateSpanPayload(body);
  return [...r.payload, ...r.events.flatMap((e) => e.violations)];
}

describe('golden payloads', () => {
  const requests = goldenIntakeRequests();
  it.each(requests.map((r) => [`${r.file} POST ${r.path}`, r] as const))('%s validates without errors', (_, r) => {
    const violations = allViolations(JSON.parse(r.body_raw), isEvalPath(r.path));
    if (r.file === 'j-validation.json' && isEvalPath(r.path)) {
      // The capture script submitted this evaluation with the placeholder ids {spanId:"s", traceId:"t"}
      // (scenarios.js, eval_dotted_label_accepted). dd-trace does not check id formats, and neither would
      // the intake reject it, but it can never join to a span: a warning, not an error.
      expect(violations).toEqual([
        expect.objectContaining({ severity: 'warning', code: 'eval.join_on.span_id' }),
        expect.objectContaining({ severity: 'warning', code: 'eval.join_on.trace_id' }),
      ]);
    } else {
      expect(violations).toEqual([]);
    }
  });

  it('accepts the dotted evaluation label dd-trace-js sends', () => {
    const [, evals] = goldenRequestsOf('j-validation');
    const report = validateEvaluationPayload(JSON.parse(evals!.body_raw));
    expect(report.metrics[0]!.metric?.label).toBe('a.b');
  });
});

// ---- Mutation table over spans ----

const [hTools] = goldenRequestsOf('h-tool-calls');
const [ePrompt] = goldenRequestsOf('e-prompt');
const [cRetrieval] = goldenRequestsOf('c-retrieval');
const [dEmbedding] = goldenRequestsOf('d-embedding');
const [bTree] = goldenRequestsOf('b-tree-session');

type Mutation = [name: string, base: string, mutate: (payload: any) => void, severity: 'error' | 'warning', code: string, path?: string];

const span = (p: any[], i = 0): any => p[i].spans[0];

const SPAN_MUTATIONS: Mutation[] = [
  // envelope
  ['envelope not an object', 'h', (p) => (p[0] = 'span'), 'error', 'envelope.type', '[0]'],
  ['_dd.stage not raw', 'h', (p) => (p[0]['_dd.stage'] = 'processed'), 'error', 'envelope.stage', '[0]["_dd.stage"]'],
  ['_dd.tracer_version missing', 'h', (p) => delete p[0]['_dd.tracer_version'], 'warning', 'envelope.tracer_version'],
  ['event_type not span', 'h', (p) => (p[0].event_type = 'trace'), 'error', 'envelope.event_type', '[0].event_type'],
  ['two spans in one envelope', 'h', (p) => p[0].spans.push(p[0].spans[0]), 'error', 'envelope.spans', '[0].spans'],
  ['no spans', 'h', (p) => (p[0].spans = []), 'error', 'envelope.spans'],
  ['top-level ml_app (public API style)', 'h', (p) => (p[0].ml_app = 'x'), 'warning', 'envelope.unknown_key', '[0].ml_app'],
  ['bad _dd.scope', 'h', (p) => (p[0]['_dd.scope'] = 'prod'), 'warning', 'envelope.scope'],
  ['event over 5 MiB', 'h', (p) => (span(p).meta.input.messages[0].content = 'é'.repeat(2_700_000)), 'error', 'limits.event_size', '[0].spans[0]'],
  // ids
  ['trace_id uppercase', 'h', (p) => (span(p).trace_id = span(p).trace_id.toUpperCase()), 'error', 'span.trace_id', '[0].spans[0].trace_id'],
  ['trace_id 64-bit', 'h', (p) => (span(p).trace_id = span(p).trace_id.slice(16)), 'error', 'span.trace_id'],
  ['trace_id as number', 'h', (p) => (span(p).trace_id = 123), 'error', 'span.trace_id'],
  ['span_id hex', 'h', (p) => (span(p).span_id = 'a1b2c3d4e5f60718'), 'error', 'span.span_id', '[0].spans[0].span_id'],
  ['span_id as number', 'h', (p) => (span(p).span_id = Number('312461304506325833')), 'error', 'span.span_id'],
  ['span_id over 2^64', 'h', (p) => (span(p).span_id = '18446744073709551616'), 'error', 'span.span_id'],
  ['span_id zero', 'h', (p) => (span(p).span_id = '0'), 'error', 'span.span_id'],
  ['root parent_id null', 'h', (p) => (span(p).parent_id = null), 'error', 'span.parent_id', '[0].spans[0].parent_id'],
  ['root parent_id "0"', 'h', (p) => (span(p).parent_id = '0'), 'error', 'span.parent_id'],
  ['parent_id = span_id', 'h', (p) => (span(p).parent_id = span(p).span_id), 'error', 'span.parent_id'],
  // scalar fields
  ['name missing', 'h', (p) => delete span(p).name, 'error', 'span.name'],
  ['name empty', 'h', (p) => (span(p).name = ''), 'warning', 'span.name_empty'],
  ['status OK', 'h', (p) => (span(p).status = 'OK'), 'error', 'span.status'],
  ['start_ns as string', 'h', (p) => (span(p).start_ns = String(span(p).start_ns)), 'error', 'span.start_ns'],
  ['start_ns in milliseconds', 'h', (p) => (span(p).start_ns = Math.round(span(p).start_ns / 1e6)), 'warning', 'span.start_ns_unit'],
  ['negative duration', 'h', (p) => (span(p).duration = -1), 'error', 'span.duration'],
  ['session_id number', 'b', (p) => (span(p).session_id = 1234), 'error', 'span.session_id'],
  ['session_id disagrees with tag', 'b', (p) => (span(p).session_id = 'other'), 'warning', 'span.session_tag'],
  ['collection_errors string', 'h', (p) => (span(p).collection_errors = 'dropped_io'), 'error', 'span.collection_errors'],
  ['unknown span field', 'h', (p) => (span(p).apm_trace_id = 'x'), 'warning', 'span.unknown_key', '[0].spans[0].apm_trace_id'],
  // tags
  ['tags as object', 'h', (p) => (span(p).tags = { ml_app: 'x' }), 'error', 'span.tags'],
  ['tag not a string', 'h', (p) => span(p).tags.push(42), 'error', 'span.tag', '[0].spans[0].tags[10]'],
  ['tag without colon', 'h', (p) => span(p).tags.push('orphan'), 'warning', 'span.tag_format'],
  ['no ml_app tag', 'h', (p) => (span(p).tags = span(p).tags.filter((t: string) => !t.startsWith('ml_app:'))), 'warning', 'span.ml_app'],
  ['error tag disagrees with status', 'h', (p) => (span(p).status = 'error'), 'warning', 'span.error_tag'],
  // meta
  ['meta missing', 'h', (p) => delete span(p).meta, 'error', 'meta.type'],
  ['span.kind missing', 'h', (p) => delete span(p).meta['span.kind'], 'error', 'meta.span_kind', '[0].spans[0].meta["span.kind"]'],
  ['span.kind chain', 'h', (p) => (span(p).meta['span.kind'] = 'chain'), 'error', 'meta.span_kind'],
  ['meta.kind instead of span.kind', 'h', (p) => { span(p).meta.kind = 'llm'; delete span(p).meta['span.kind']; }, 'error', 'meta.span_kind'],
  ['input missing', 'h', (p) => delete span(p).meta.input, 'warning', 'meta.io_missing'],
  ['output a string', 'h', (p) => (span(p).meta.output = 'hi'), 'error', 'meta.io_type'],
  ['llm input as value', 'h', (p) => (span(p).meta.input = { value: 'hi' }), 'warning', 'io.shape', '[0].spans[0].meta.input.value'],
  ['unknown io key', 'h', (p) => (span(p).meta.input.text = 'hi'), 'warning', 'io.unknown_key'],
  ['value not a string', 'b', (p) => (span(p).meta.input.value = { city: 'Paris' }), 'error', 'io.value', '[0].spans[0].meta.input.value'],
  ['messages not an array', 'h', (p) => (span(p).meta.input.messages = { role: 'user' }), 'error', 'io.messages'],
  ['message a string', 'h', (p) => (span(p).meta.input.messages[0] = 'hi'), 'error', 'message.type'],
  ['message content a number', 'h', (p) => (span(p).meta.input.messages[0].content = 42), 'error', 'message.content', '[0].spans[0].meta.input.messages[0].content'],
  ['message role a number', 'h', (p) => (span(p).meta.input.messages[0].role = 1), 'error', 'message.role'],
  ['message without role', 'h', (p) => delete span(p).meta.input.messages[0].role, 'warning', 'message.role_missing'],
  ['message with nothing', 'h', (p) => (span(p).meta.input.messages[0] = { role: 'user' }), 'warning', 'message.empty'],
  ['tool_id on a user message', 'h', (p) => (span(p).meta.input.messages[0].tool_id = 'call_1'), 'warning', 'message.tool_id_role'],
  ['unknown message key', 'h', (p) => (span(p).meta.input.messages[0].name = 'bob'), 'warning', 'message.unknown_key'],
  ['tool_calls not an array', 'h', (p) => (span(p).meta.input.messages[1].tool_calls = {}), 'error', 'message.tool_calls'],
  ['tool call arguments a JSON string', 'h', (p) => (span(p).meta.input.messages[1].tool_calls[0].arguments = '{"city":"Paris"}'), 'error', 'message.tool_call.arguments', '[0].spans[0].meta.input.messages[1].tool_calls[0].arguments'],
  ['tool call without name', 'h', (p) => delete span(p).meta.output.messages[0].tool_calls[0].name, 'error', 'message.tool_call.name'],
  ['tool call id a number', 'h', (p) => (span(p).meta.output.messages[0].tool_calls[0].tool_id = 2), 'error', 'message.tool_call.tool_id'],
  ['tool result not a string', 'h', (p) => (span(p).meta.input.messages[2].tool_results[0].result = { temp: 21 }), 'error', 'message.tool_result.result'],
  ['image part without content', 'h', (p) => (span(p).meta.input.messages[0].image_parts = [{ mime_type: 'image/png' }]), 'error', 'message.part'],
  ['tool_definitions not an array', 'h', (p) => (span(p).meta.tool_definitions = { name: 'f' }), 'error', 'meta.tool_definitions'],
  ['tool definition without name', 'h', (p) => (span(p).meta.tool_definitions[1] = { description: 'x' }), 'error', 'meta.tool_definition'],
  ['model_name a number', 'h', (p) => (span(p).meta.model_name = 4), 'error', 'meta.model'],
  ['llm without model_name', 'h', (p) => delete span(p).meta.model_name, 'warning', 'meta.model_missing'],
  ['model provider capitalised', 'h', (p) => (span(p).meta.model_provider = 'OpenAI'), 'warning', 'meta.model_provider_case'],
  ['model on a tool span', 'b', (p) => (span(p).meta.model_name = 'gpt-4o'), 'warning', 'meta.model_kind'],
  ['metadata a string', 'h', (p) => (span(p).meta.metadata = 'temperature=0'), 'error', 'meta.metadata'],
  ['cost tags not strings', 'h', (p) => (span(p).meta.metadata = { _dd: { cost_tags: [1] } }), 'error', 'meta.metadata.cost_tags'],
  ['nested meta.error', 'h', (p) => (span(p).meta.error = { message: 'x' }), 'warning', 'meta.error_nested'],
  ['error.message a number', 'h', (p) => (span(p).meta['error.message'] = 500), 'error', 'meta.error'],
  ['agent_attribution hex id', 'b', (p) => (span(p).meta.agent_attribution.pagent_span_id = 'abc'), 'error', 'meta.agent_attribution'],
  ['unknown meta key', 'h', (p) => (span(p).meta.temperature = 0.2), 'warning', 'meta.unknown_key'],
  // documents
  ['documents not an array', 'c', (p) => (span(p).meta.output.documents = 'doc'), 'error', 'io.documents'],
  ['document a string', 'c', (p) => (span(p).meta.output.documents[0] = 'doc'), 'error', 'document.type'],
  ['document text a number', 'c', (p) => (span(p).meta.output.documents[0].text = 1), 'error', 'document.text', '[0].spans[0].meta.output.documents[0].text'],
  ['document score a string', 'c', (p) => (span(p).meta.output.documents[0].score = 'high'), 'error', 'document.score'],
  ['retrieval output as value', 'c', (p) => (span(p).meta.output = { value: 'docs' }), 'warning', 'io.shape'],
  ['embedding input as messages', 'd', (p) => (span(p).meta.input = { messages: [{ role: 'user', content: 'x' }] }), 'warning', 'io.shape'],
  // prompt
  ['prompt a string', 'e', (p) => (span(p).meta.input.prompt = 'Hi {{name}}'), 'error', 'prompt.type'],
  ['prompt variables not strings', 'e', (p) => (span(p).meta.input.prompt.variables = { n: 1 }), 'error', 'prompt.variables'],
  ['prompt template an array', 'e', (p) => (span(p).meta.input.prompt.template = [{ role: 'user', content: 'x' }]), 'error', 'prompt.template'],
  ['chat_template entry malformed', 'e', (p, i = 1) => (span(p, i).meta.input.prompt.chat_template[0] = { role: 'system' }), 'error', 'prompt.chat_template'],
  ['prompt without id', 'e', (p) => delete span(p).meta.input.prompt.id, 'warning', 'prompt.id'],
  ['rag keys not an array', 'e', (p) => (span(p).meta.input.prompt._dd_context_variable_keys = 'context'), 'error', 'prompt.rag_keys'],
  ['rag keys missing', 'e', (p) => delete span(p).meta.input.prompt._dd_query_variable_keys, 'warning', 'prompt.rag_keys_missing'],
  ['python rag key names', 'e', (p) => (span(p).meta.input.prompt.rag_query_variables = ['question']), 'warning', 'prompt.rag_keys_alias'],
  ['prompt on a task span', 'e', (p) => (span(p, 2).meta.input.prompt = { id: 'x' }), 'warning', 'prompt.kind'],
  // metrics and _dd
  ['metrics missing', 'h', (p) => delete span(p).metrics, 'error', 'span.metrics'],
  ['metric a string', 'b', (p) => (span(p, 1).metrics.input_tokens = '30'), 'error', 'metric.value', '[1].spans[0].metrics.input_tokens'],
  ['metric NaN-like', 'b', (p) => (span(p, 1).metrics.output_tokens = null), 'error', 'metric.value'],
  ['camelCase metric', 'b', (p) => (span(p, 1).metrics.inputTokens = 30), 'warning', 'metric.alias'],
  ['negative tokens', 'b', (p) => (span(p, 1).metrics.output_tokens = -8), 'warning', 'metric.negative'],
  ['_dd missing', 'h', (p) => delete span(p)._dd, 'warning', 'span.dd_missing'],
  ['_dd a string', 'h', (p) => (span(p)._dd = 'x'), 'error', 'span.dd'],
  ['_dd.trace_id decimal', 'h', (p) => (span(p)._dd.trace_id = '123'), 'error', 'span.dd_trace_id'],
  ['_dd.sampling_decision number', 'h', (p) => (span(p)._dd.sampling_decision = 1), 'error', 'span.dd_sampling_decision'],
  ['_dd.span_id differs', 'h', (p) => (span(p)._dd.span_id = '1'), 'warning', 'span.dd_span_id'],
  ['span_links malformed', 'h', (p) => (span(p).span_links = [{ span_id: '1' }]), 'error', 'span.span_link'],
];

const BASES: Record<string, string> = { h: hTools!.body_raw, e: ePrompt!.body_raw, c: cRetrieval!.body_raw, d: dEmbedding!.body_raw, b: bTree!.body_raw };

describe('span payload mutations', () => {
  it.each(SPAN_MUTATIONS)('%s', (_, base, mutate, severity, code, path) => {
    const payload = JSON.parse(BASES[base]!);
    mutate(payload);
    const violations = allViolations(payload);
    const match = violations.filter((v) => v.code === code);
    expect(match, JSON.stringify(violations)).not.toHaveLength(0);
    expect(match[0]!.severity).toBe(severity);
    if (path !== undefined) expect(match[0]!.path).toBe(path);
    expect(match[0]!.message.length).toBeGreaterThan(10);
    // An error-level mutation rejects the event; a warning keeps it.
    const report = validateSpanPayload(payload);
    const index = Number(/^\[(\d+)\]/.exec(match[0]!.path)?.[1] ?? 0);
    const event = report.events[index]!;
    if (severity === 'error') expect(event.event).toBeUndefined();
    else if (!event.violations.some((v) => v.severity === 'error')) expect(event.event).toBeDefined();
  });

  it('quotes a short string value whole and a long one not at all (a cut value could slip past the sensitive-data scan)', () => {
    const short = JSON.parse(bTree!.body_raw);
    span(short, 1).metrics.input_tokens = '30';
    expect(allViolations(short).find((v) => v.code === 'metric.value')?.message).toContain('a string ("30")');
    const long = JSON.parse(bTree!.body_raw);
    const key = `sk-proj-${'A1b2C3d4'.repeat(8)}`;
    span(long, 1).metrics.input_tokens = key;
    const message = allViolations(long).find((v) => v.code === 'metric.value')?.message ?? '';
    expect(message).toContain(`a string (${key.length} characters)`);
    expect(message).not.toContain(key.slice(0, 12));
  });

  it('rejects a body that is not an array', () => {
    expect(validateSpanPayload({ '_dd.stage': 'raw' }).payload).toEqual([expect.objectContaining({ severity: 'error', code: 'payload.not_array' })]);
    expect(validateSpanPayload('[]').payload[0]!.code).toBe('payload.not_array');
  });

  it('warns on an empty array', () => {
    expect(validateSpanPayload([]).payload).toEqual([expect.objectContaining({ severity: 'warning', code: 'payload.empty' })]);
  });

  it('judges each envelope on its own', () => {
    const payload = JSON.parse(bTree!.body_raw);
    span(payload, 2).trace_id = 'x';
    const report = validateSpanPayload(payload);
    expect(report.events.map((e) => e.event !== undefined)).toEqual([true, true, false, true]);
    expect(report.events[2]).toMatchObject({ name: 'weather-agent', spanId: span(payload, 2).span_id, traceId: 'x' });
  });
});

// ---- Evaluations ----

const [gEval] = goldenRequestsOf('g-evaluations').filter((r) => isEvalPath(r.path));
const metric = (p: any, i = 0): any => p.data.attributes.metrics[i];

const EVAL_MUTATIONS: Mutation[] = [
  ['body an array', 'g', (p) => (p.data = []), 'error', 'payload.eval_shape'],
  ['data.type wrong', 'g', (p) => (p.data.type = 'span'), 'error', 'payload.eval_type'],
  ['metric not an object', 'g', (p) => (p.data.attributes.metrics[0] = 'x'), 'error', 'eval.type'],
  ['event_kind unknown', 'g', (p) => (metric(p).event_kind = 'score'), 'error', 'eval.event_kind'],
  ['event_kind missing', 'g', (p) => delete metric(p).event_kind, 'warning', 'eval.event_kind_missing'],
  ['join_on missing', 'g', (p) => delete metric(p).join_on, 'error', 'eval.join_on', 'data.attributes.metrics[0].join_on'],
  ['join_on with span and tag', 'g', (p) => (metric(p).join_on.tag = { key: 'k', value: 'v' }), 'error', 'eval.join_on'],
  ['join_on.span without trace_id', 'g', (p) => delete metric(p).join_on.span.trace_id, 'error', 'eval.join_on.span'],
  ['join_on.span hex span id (OTel)', 'g', (p) => (metric(p).join_on.span.span_id = '29e0ab1c51d4f2a3'), 'warning', 'eval.join_on.span_id'],
  ['join_on.tag malformed', 'g', (p) => (metric(p).join_on = { tag: { key: 'k' } }), 'error', 'eval.join_on.tag'],
  ['label empty', 'g', (p) => (metric(p).label = ''), 'error', 'eval.label'],
  ['label too long', 'g', (p) => (metric(p).label = 'x'.repeat(201)), 'warning', 'eval.label_length'],
  ['metric_type unknown', 'g', (p) => (metric(p).metric_type = 'number'), 'error', 'eval.metric_type'],
  ['metric_type text on an evaluation', 'g', (p) => { metric(p).metric_type = 'text'; metric(p).text_value = 'x'; delete metric(p).categorical_value; }, 'error', 'eval.metric_type'],
  ['score value a string', 'g', (p) => (metric(p, 1).score_value = '0.87'), 'error', 'eval.value', 'data.attributes.metrics[1].score_value'],
  ['score with categorical_value', 'g', (p) => { metric(p, 1).categorical_value = 'x'; }, 'error', 'eval.value_field', 'data.attributes.metrics[1].categorical_value'],
  ['boolean value a string', 'g', (p) => (metric(p, 2).boolean_value = 'false'), 'error', 'eval.value'],
  ['json value an array', 'g', (p) => (metric(p, 3).json_value = [1]), 'error', 'eval.value'],
  ['categorical value missing', 'g', (p) => delete metric(p).categorical_value, 'error', 'eval.value'],
  ['ml_app missing', 'g', (p) => delete metric(p).ml_app, 'error', 'eval.ml_app'],
  ['timestamp a string', 'g', (p) => (metric(p).timestamp_ms = '1700000000000'), 'error', 'eval.timestamp_ms'],
  ['timestamp in seconds', 'g', (p) => (metric(p).timestamp_ms = 1700000000), 'warning', 'eval.timestamp_unit'],
  ['tags an object', 'g', (p) => (metric(p).tags = { a: 'b' }), 'error', 'eval.tags'],
  ['tag a number', 'g', (p) => metric(p).tags.push(3), 'error', 'eval.tag'],
  ['reasoning a number', 'g', (p) => (metric(p, 1).reasoning = 1), 'error', 'eval.reasoning'],
  ['metadata an array', 'g', (p) => (metric(p, 1).metadata = [1]), 'error', 'eval.metadata'],
  ['assessment ok', 'g', (p) => (metric(p, 1).assessment = 'ok'), 'error', 'eval.assessment'],
  ['eval_scope wrong', 'g', (p) => (metric(p).eval_scope = 'session'), 'error', 'eval.eval_scope'],
  ['unknown field', 'g', (p) => (metric(p).span_kind = 'llm'), 'warning', 'eval.unknown_key'],
  ['feedback without submitter', 'g', (p) => delete metric(p, 4).submitter, 'error', 'feedback.submitter'],
  ['feedback with two targets', 'g', (p) => (metric(p, 4).trace_id = 't'), 'error', 'feedback.target'],
  ['feedback without target', 'g', (p) => delete metric(p, 5).session_id, 'error', 'feedback.target'],
  ['feedback dotted label', 'g', (p) => (metric(p, 4).label = 'a.b'), 'warning', 'feedback.label_dot'],
];

describe('evaluation payload mutations', () => {
  it.each(EVAL_MUTATIONS)('%s', (_, __, mutate, severity, code, path) => {
    const payload = JSON.parse(gEval!.body_raw);
    mutate(payload);
    const violations = allViolations(payload, true);
    const match = violations.filter((v) => v.code === code);
    expect(match, JSON.stringify(violations)).not.toHaveLength(0);
    expect(match[0]!.severity).toBe(severity);
    if (path !== undefined) expect(match[0]!.path).toBe(path);
  });

  it('accepts a join by tag (dd-trace-py)', () => {
    const payload = JSON.parse(gEval!.body_raw);
    metric(payload).join_on = { tag: { key: 'request_id', value: 'r-1' } };
    expect(validateEvaluationPayload(payload).metrics[0]!.violations).toEqual([]);
  });
});

describe('ids', () => {
  it.each([
    ['6795249325320188755', true],
    ['18446744073709551615', true],
    ['18446744073709551616', false],
    ['0', false],
    ['0123', false],
    ['-1', false],
    ['1e5', false],
  ])('span id %s → %s', (id, ok) => expect(isDecimalSpanId(id)).toBe(ok));

  it.each([
    ['6b039565000000005828160e2305549b', true],
    ['6B039565000000005828160E2305549B', false],
    ['00000000000000000000000000000000', false],
    ['5828160e2305549b', false],
  ])('trace id %s → %s', (id, ok) => expect(isHexTraceId(id)).toBe(ok));
});
