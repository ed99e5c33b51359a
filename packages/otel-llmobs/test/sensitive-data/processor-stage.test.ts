import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LLMObsSpan } from '../../src/conventions/model.js';
import { encodeSpanEvent } from '../../src/datadog/encode-span-event.js';
import { LLMObsSpanProcessor } from '../../src/processor/llmobs-span-processor.js';
import { captureDiag } from '../datadog/diag-capture.js';
import { blankProcessorEnv } from '../processor/env.js';
import type { Harness } from '../processor/harness.js';
import { byName, createHarness, resetRuntime } from '../processor/harness.js';
import { InMemorySpanExporter } from '../helpers/sdk.js';

const EMAIL = 'ana.lopez@corp-mail.es';
const CARD = '4539 1488 0343 6467';
const SSN = '247-46-9894';
const AWS_KEY = 'AKIASXQ6G2GKQZGXC43Z';
const IP = '192.168.75.207';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI3MjIyODciLCJuYW1lIjoidXNlciJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PHONE = '+1 303 884 4298';
const GOLD = [EMAIL, CARD, SSN, AWS_KEY, IP, JWT, PHONE, '4539148803436467', '4111111111111111'];

let h: Harness | undefined;
let logs: ReturnType<typeof captureDiag>;
beforeEach(() => {
  blankProcessorEnv();
  logs = captureDiag();
});
afterEach(async () => {
  await h?.shutdown();
  h = undefined;
  resetRuntime();
  logs.restore();
  vi.unstubAllEnvs();
});

/** Every field of spec §5, through the llmobs API on a real SDK provider. */
function emitEverywhere(target: Harness): void {
  target.llmobs.trace({ kind: 'agent', name: 'agent', sessionId: EMAIL }, () => {
    target.llmobs.annotate({
      inputData: `help ${EMAIL}`,
      outputData: `done for ${IP}`,
      metadata: { customer: { contact: EMAIL, card: 4111111111111111, notes: [`ssn ${SSN}`, 42] }, plain: 'nothing here', count: 7 },
      tags: { team: 'billing', owner: EMAIL, user_id: EMAIL },
    });
    target.llmobs.trace({ kind: 'llm', name: 'chat', modelName: 'gpt-4o', modelProvider: 'openai' }, () => {
      target.llmobs.annotate({
        inputData: [
          { role: 'system', content: 'You are helpful.' },
          { role: 'user', content: `my card is ${CARD} and key ${AWS_KEY}` },
          { role: 'assistant', content: '', toolCalls: [{ name: 'lookup_customer', arguments: { email: EMAIL, card_number: 4111111111111111, deep: { phone: PHONE } }, toolId: 't1' }] },
          { role: 'tool', content: '', toolResults: [{ result: JSON.stringify({ ssn: SSN, token: JWT }), toolId: 't1', name: 'lookup_customer' }] },
        ],
        outputData: [{ role: 'assistant', content: `I emailed ${EMAIL}` }],
        prompt: { id: 'support', template: `Answer {{question}} for ${EMAIL}`, variables: { question: `call ${PHONE}`, context: `ip ${IP}` } },
        toolDefinitions: [{ name: 'lookup_customer', description: `looks up by email, e.g. ${EMAIL}` }],
      });
    });
    target.llmobs.trace({ kind: 'retrieval', name: 'search' }, () => {
      target.llmobs.annotate({ inputData: 'q', outputData: [{ text: `customer ${EMAIL} paid with ${CARD}`, name: `${EMAIL}.pdf`, id: 'd1', score: 0.5 }] });
    });
    target.llmobs.trace({ kind: 'tool', name: 'failing' }, () => {
      try {
        target.llmobs.trace({ kind: 'task', name: 'throws' }, () => {
          throw new Error(`cannot reach ${EMAIL} with key ${AWS_KEY}`);
        });
      } catch {
        // recorded on the span
      }
    });
  });
}

function wire(span: LLMObsSpan): string {
  return JSON.stringify(encodeSpanEvent(span));
}

describe('the sensitive-data stage in LLMObsSpanProcessor', () => {
  it('is on by default: every field of spec §5 leaves redacted, with the actions of spec §4', async () => {
    h = createHarness();
    emitEverywhere(h);
    const spans = await h.exported();
    expect(spans).toHaveLength(5);
    // Tool descriptions are developer-written and report-only (spec §5); every other field is checked.
    for (const span of spans) for (const gold of GOLD) expect(JSON.stringify({ ...span, toolDefinitions: undefined }), `${span.name}: ${gold}`).not.toContain(gold);

    const chat = byName(spans, 'chat');
    expect(chat.input.messages?.[1]?.content).toBe('my card is **** **** **** 6467 and key [REDACTED:AWS_ACCESS_KEY_ID]');
    expect(chat.input.messages?.[2]?.toolCalls?.[0]).toMatchObject({
      name: 'lookup_customer',
      arguments: { email: '[REDACTED:EMAIL_ADDRESS]', card_number: '************1111', deep: { phone: '[REDACTED:PHONE_NUMBER]' } },
    });
    expect(JSON.parse(chat.input.messages?.[3]?.toolResults?.[0]?.result ?? '')).toEqual({ ssn: '[REDACTED:US_SSN]', token: '[REDACTED:JWT]' });
    expect(chat.input.prompt?.template).toBe('Answer {{question}} for [REDACTED:EMAIL_ADDRESS]');
    expect(chat.input.prompt?.variables).toEqual({ question: 'call [REDACTED:PHONE_NUMBER]', context: expect.stringMatching(/^ip \[HASH:IP_ADDRESS:[0-9a-f]{16}\]$/) });
    // Tool descriptions are reported, not changed.
    expect(chat.toolDefinitions?.[0]?.description).toBe(`looks up by email, e.g. ${EMAIL}`);

    const agent = byName(spans, 'agent');
    expect(agent.input.value).toBe('help [REDACTED:EMAIL_ADDRESS]');
    expect(agent.metadata).toMatchObject({ customer: { contact: '[REDACTED:EMAIL_ADDRESS]', card: '************1111', notes: ['ssn [REDACTED:US_SSN]', 42] }, plain: 'nothing here', count: 7 });
    expect(agent.tags.owner).toBe('[REDACTED:EMAIL_ADDRESS]');
    // Identifiers are hashed (keyed), so grouping by them survives.
    expect(agent.sessionId).toMatch(/^\[HASH:EMAIL_ADDRESS:[0-9a-f]{16}\]$/);
    expect(agent.tags.user_id).toBe(agent.sessionId);
    expect(agent.tags.sensitive_data).toBe('redacted');
    expect(agent.tags['sensitive_data.entity']).toEqual(['credit_card', 'email_address', 'ip_address', 'us_ssn']);

    const search = byName(spans, 'search');
    expect(search.output.documents?.[0]).toMatchObject({ text: 'customer [REDACTED:EMAIL_ADDRESS] paid with **** **** **** 6467', name: '[REDACTED:EMAIL_ADDRESS]' });
    const throws = byName(spans, 'throws');
    expect(throws.error?.message).toBe('cannot reach [REDACTED:EMAIL_ADDRESS] with key [REDACTED:AWS_ACCESS_KEY_ID]');
    expect(throws.error?.stack ?? '').not.toContain(EMAIL);

    // On the wire: tags, never a matched value.
    const encoded = wire(agent);
    expect(encoded).toContain('"sensitive_data:redacted"');
    expect(encoded).toContain('"sensitive_data.entity:email_address"');
    expect(encoded).toMatch(/"sensitive_data\.count:\d+"/);
    const stats = h.processor.stats().sensitiveData;
    expect(stats.sdsScannedSpans).toBe(5);
    expect(stats.sdsMatches).toBeGreaterThanOrEqual(20);
    expect(stats.sdsRedactedFields).toBeGreaterThanOrEqual(15);
    expect(stats.sdsUnscannedFields).toBe(0);
    expect(JSON.stringify(stats) + logs.text()).not.toMatch(/corp-mail|4539|AKIA/);
  });

  it('tool descriptions are report-only: counted and tagged `detected`, left as written', async () => {
    h = createHarness();
    h.llmobs.trace({ kind: 'llm', name: 'chat', modelName: 'm', modelProvider: 'openai' }, () => {
      h!.llmobs.annotate({ inputData: [{ role: 'user', content: 'hi' }], toolDefinitions: [{ name: 'mail', description: `writes to ${EMAIL}` }] });
    });
    const [span] = await h.exported();
    expect(span!.toolDefinitions?.[0]?.description).toBe(`writes to ${EMAIL}`);
    expect(span!.tags.sensitive_data).toBe('detected');
  });

  it('never modifies the application span nor the model the hooks saw; the hooks see the data unredacted', async () => {
    const seen: string[] = [];
    let hookModel: LLMObsSpan | undefined;
    let hookInputSnapshot = '';
    h = createHarness({
      processor: {
        beforeExport: (span) => {
          seen.push(span.input.map((e) => e.content).join('|'));
          hookModel = span.span;
          hookInputSnapshot = JSON.stringify(span.span.input);
          return span;
        },
      },
    });
    h.llmobs.trace({ kind: 'task', name: 't' }, () => h!.llmobs.annotate({ inputData: `mail ${EMAIL}` }));
    const [exported] = await h.exported();
    expect(seen).toEqual([`mail ${EMAIL}`]);
    expect(exported!.input.value).toBe('mail [REDACTED:EMAIL_ADDRESS]');
    expect(exported).not.toBe(hookModel);
    expect(JSON.stringify(hookModel!.input)).toBe(hookInputSnapshot);
    const [original] = h.stockExporter.getFinishedSpans();
    expect(JSON.stringify(original!.attributes)).toContain(EMAIL);
  });

  it('a hook cannot put data back: the scan runs after the hooks', async () => {
    h = createHarness({
      processor: {
        beforeExport: (span) => {
          span.input = [{ content: `leaked ${CARD}` }];
          return span;
        },
      },
    });
    h.llmobs.trace({ kind: 'task', name: 't' }, () => h!.llmobs.annotate({ inputData: 'clean' }));
    const [exported] = await h.exported();
    expect(exported!.input.value).toBe('leaked **** **** **** 6467');
  });

  it('enabled: false (or OTEL_LLMOBS_SDS_ENABLED=false) passes spans through byte for byte', async () => {
    const run = async (options: object | undefined): Promise<{ model: LLMObsSpan; wire: string }> => {
      const harness = createHarness({ processor: options === undefined ? {} : { sensitiveData: options } });
      harness.llmobs.trace({ kind: 'task', name: 't' }, () =>
        harness.llmobs.annotate({ inputData: `mail ${EMAIL}, card ${CARD}`, metadata: { k: AWS_KEY }, tags: { owner: EMAIL } }),
      );
      const [model] = await harness.exported();
      await harness.shutdown();
      resetRuntime();
      return { model: model!, wire: wire({ ...model!, spanId: '0000000000000001', traceId: '0'.repeat(32), startTime: [0, 0], durationNs: 0 }) };
    };
    const off = await run({ enabled: false });
    expect(off.model.input.value).toBe(`mail ${EMAIL}, card ${CARD}`);
    expect(off.model.metadata).toEqual({ k: AWS_KEY });
    expect(off.model.tags).toEqual({ owner: EMAIL });
    vi.stubEnv('OTEL_LLMOBS_SDS_ENABLED', 'false');
    const offByEnv = await run(undefined);
    expect(offByEnv.wire).toBe(off.wire);
    vi.stubEnv('OTEL_LLMOBS_SDS_ENABLED', '');
    const on = await run(undefined);
    expect(on.wire).not.toBe(off.wire);
    // Code wins over the environment.
    vi.stubEnv('OTEL_LLMOBS_SDS_ENABLED', 'false');
    const codeOn = await run({ enabled: true });
    expect(codeOn.wire).toBe(on.wire);
    expect(codeOn.model.input.value).toBe('mail [REDACTED:EMAIL_ADDRESS], card **** **** **** 6467');
  });

  it('configuration: per-category and per-entity actions, allowlist, scope, placeholder, a keyed hash from the environment', async () => {
    vi.stubEnv('OTEL_LLMOBS_SDS_HASH_KEY', 'team-key');
    const emit = (target: Harness): void =>
      target.llmobs.trace({ kind: 'task', name: 't' }, () =>
        target.llmobs.annotate({
          inputData: `a ${EMAIL} b support@acme.com c ${CARD} d ${IP} e ${SSN}`,
          metadata: { trace_context: `x ${EMAIL}`, other: `y ${EMAIL}` },
        }),
      );
    h = createHarness({
      processor: {
        sensitiveData: {
          categories: { email: 'hash', credit_card: 'redact', ip_address: false },
          entities: { US_SSN: 'report' },
          allowlist: { exact: ['SUPPORT@acme.com'] },
          scope: { exclude: ['metadata.trace_context'] },
          placeholder: '<{type}>',
        },
      },
    });
    emit(h);
    const [first] = await h.exported();
    const hashed = first!.input.value!.match(/\[HASH:EMAIL_ADDRESS:([0-9a-f]{16})\]/)?.[0];
    expect(first!.input.value).toBe(`a ${hashed} b support@acme.com c <CREDIT_CARD> d ${IP} e ${SSN}`);
    expect(first!.metadata).toEqual({ trace_context: `x ${EMAIL}`, other: `y ${hashed}` });
    await h.shutdown();
    resetRuntime();
    // Same key, same token: joins across spans and processes still work.
    h = createHarness({ processor: { sensitiveData: { categories: { email: 'hash' } } } });
    emit(h);
    const [second] = await h.exported();
    expect(second!.input.value).toContain(hashed);
  });

  it('fails closed: an oversize field and a too-deep structure are replaced whole and counted', async () => {
    h = createHarness({ processor: { sensitiveData: { maxScanChars: 1000 } } });
    let deep: Record<string, unknown> = { leaf: EMAIL };
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    h.llmobs.trace({ kind: 'task', name: 't' }, () => h!.llmobs.annotate({ inputData: 'x'.repeat(1001), outputData: 'short', metadata: { deep } }));
    const [span] = await h.exported();
    expect(span!.input.value).toBe('[REDACTED:UNSCANNED]');
    expect(span!.output.value).toBe('short');
    expect(JSON.stringify(span)).not.toContain(EMAIL);
    expect(span!.tags['sensitive_data.entity']).toContain('unscanned');
    expect(h.processor.stats().sensitiveData.sdsUnscannedFields).toBeGreaterThanOrEqual(2);
  });

  it('bad configuration in code throws a precise TypeError; a custom rule needs a valid RE2 pattern', () => {
    const make = (sensitiveData: unknown) => () => new LLMObsSpanProcessor({ exporter: new InMemorySpanExporter(), sensitiveData: sensitiveData as never });
    expect(make('yes')).toThrow(/sensitiveData is invalid, expected an object/);
    expect(make({ enabled: 'no' })).toThrow(/sensitiveData\.enabled is invalid/);
    expect(make({ categories: { email: 'mask' } })).toThrow(/sensitiveData\.categories\.email is invalid, expected one of 'redact', 'partial', 'hash', 'report' or false/);
    expect(make({ entities: { NOT_A_TYPE: 'redact' } })).toThrow(/sensitiveData\.entities\.NOT_A_TYPE is invalid/);
    expect(make({ maxScanChars: 0 })).toThrow(/maxScanChars is invalid/);
    expect(make({ hashKey: '' })).toThrow(/hashKey is invalid.*<redacted>/);
    expect(make({ customRules: [{ name: 'x', entityType: 'X', category: 'c', pattern: '(?<=a)b' }] })).toThrow(/customRules\[0\] \(x\)\.pattern is not a valid RE2 pattern/);
    expect(make({ customRules: [{ name: 'x', entityType: 'lower', category: 'c', pattern: 'a' }] })).toThrow(/entityType is invalid, expected UPPER_SNAKE_CASE/);
  });

  it('custom rules run on re2js with keywords, and a catastrophic pattern returns at once', async () => {
    h = createHarness({
      processor: {
        sensitiveData: {
          customRules: [
            { name: 'employee_id', entityType: 'EMPLOYEE_ID', category: 'internal_id', pattern: 'EMP-[0-9]{6}', keywords: ['employee'], action: 'hash' },
            { name: 'redos', entityType: 'REDOS', category: 'internal_id', pattern: '(a+)+$' },
          ],
        },
      },
    });
    const hostile = `${'a'.repeat(50_000)}!`;
    h.llmobs.trace({ kind: 'task', name: 't' }, () => h!.llmobs.annotate({ inputData: 'employee EMP-123456; and much later, with no keyword in reach, EMP-654321', outputData: hostile }));
    const [span] = await h.exported();
    expect(span!.input.value).toMatch(/^employee \[HASH:EMPLOYEE_ID:[0-9a-f]{16}\]; and much later, with no keyword in reach, EMP-654321$/);
    expect(span!.output.value).toBe(hostile);
  });
});
