// The zero-code start's pure decisions: whether it starts, which instrumentations, and how it names
// the destination (the child-process behaviour is tested in test/register).
import { describe, expect, it } from 'vitest';
import { resolveTransportConfig } from '../../src/config/datadog-transport-config.js';
import { decideRegister } from '../../src/register/enabled.js';
import { parseInstrumentationSelection } from '../../src/register/instrumentations.js';
import { describeDestination, describeLogRecords } from '../../src/register/startup-message.js';

describe('decideRegister', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['  ', false],
    ['false', false],
    ['0', false],
    ['OFF', false],
    ['true', true],
    ['1', true],
    ['Yes', true],
    [' on ', true],
  ])('DD_LLMOBS_ENABLED=%j → start %s, silently', (value, start) => {
    const decision = decideRegister({ DD_LLMOBS_ENABLED: value }, '/srv/app/main.js', true);
    expect(decision.start).toBe(start);
    expect('message' in decision ? decision.message : undefined).toBeUndefined();
  });

  it('a value that is not a boolean: off, with one message that quotes it (cut at 40 characters)', () => {
    expect(decideRegister({ DD_LLMOBS_ENABLED: 'maybe' }, undefined, true)).toEqual({
      start: false,
      reason: 'invalid',
      message: "otel-llmobs/register: DD_LLMOBS_ENABLED is 'maybe', expected true or false; LLM Observability stays off",
    });
    const long = decideRegister({ DD_LLMOBS_ENABLED: 'x'.repeat(100) }, undefined, true);
    expect(long.start === false && long.message).toContain(`'${'x'.repeat(40)}…'`);
  });

  it('not in a worker thread, nor in the package manager that NODE_OPTIONS also reaches', () => {
    expect(decideRegister({ DD_LLMOBS_ENABLED: '1' }, '/srv/app/main.js', false)).toEqual({ start: false, reason: 'not-main-thread' });
    for (const cli of [
      '/usr/lib/node_modules/npm/bin/npm-cli.js',
      '/home/u/.local/share/pnpm/.tools/pnpm/10.0.0/node_modules/pnpm/bin/pnpm.cjs',
      '/usr/local/bin/yarn',
      '/usr/lib/node_modules/corepack/dist/pnpm.js',
    ]) {
      expect(decideRegister({ DD_LLMOBS_ENABLED: '1' }, cli, true), cli).toEqual({ start: false, reason: 'package-manager' });
    }
    expect(decideRegister({ DD_LLMOBS_ENABLED: '1' }, '/srv/npm-mirror/server.js', true)).toEqual({ start: true });
  });
});

describe('parseInstrumentationSelection (OTEL_LLMOBS_INSTRUMENTATIONS)', () => {
  it('unset or all: every installed one; none: none; else the listed packages', () => {
    expect(parseInstrumentationSelection(undefined)).toEqual({ kind: 'all' });
    expect(parseInstrumentationSelection(' ALL ')).toEqual({ kind: 'all' });
    expect(parseInstrumentationSelection('none')).toEqual({ kind: 'none' });
    expect(parseInstrumentationSelection('@traceloop/instrumentation-openai, ,@arizeai/openinference-instrumentation-openai')).toEqual({
      kind: 'only',
      pkgs: new Set(['@traceloop/instrumentation-openai', '@arizeai/openinference-instrumentation-openai']),
    });
  });
});

describe('describeDestination', () => {
  const config = (options: Parameters<typeof resolveTransportConfig>[0]) => resolveTransportConfig(options);

  it('names where the exporter sends, from the same resolved configuration, without the key', () => {
    const key = '0123456789abcdef0123456789abcdef';
    expect(describeDestination(config({ agentless: true, apiKey: key, site: 'datadoghq.eu' }))).toBe('https://llmobs-intake.datadoghq.eu (agentless)');
    expect(describeDestination(config({ agentless: true }))).toBe('nowhere (agentless without DD_API_KEY: nothing will be sent)');
    expect(describeDestination(config({ agentless: false, agentUrl: 'http://agent:8126' }))).toBe('the Agent at http://agent:8126');
    expect(describeDestination(config({ intakeUrl: 'http://127.0.0.1:9999' }))).toBe('http://127.0.0.1:9999 (agentless)');
    expect(describeDestination(config({ agentUrl: 'http://agent:8126', apiKey: key }))).toBe('the Agent at http://agent:8126 (else https://llmobs-intake.datadoghq.com, agentless)');
    for (const options of [{ agentless: true, apiKey: key }, { apiKey: key }]) expect(describeDestination(config(options))).not.toContain(key);
  });
});

describe('describeLogRecords (the startup line’s word on log records)', () => {
  const official = { pkg: '@opentelemetry/instrumentation-openai', contentInLogRecords: true };
  const openllmetry = { pkg: '@traceloop/instrumentation-openai', contentInLogRecords: false };

  it('no logs SDK: silent, unless an enabled instrumentation puts its content in log records, then what to install', () => {
    expect(describeLogRecords({ kind: 'absent' }, [openllmetry])).toBeUndefined();
    expect(describeLogRecords({ kind: 'absent' }, [official])).toBe(
      'log records not joined: @opentelemetry/instrumentation-openai puts prompts and completions in log records; install @opentelemetry/sdk-logs in the application',
    );
  });

  it('off: the reason, as given', () => {
    expect(describeLogRecords({ kind: 'off', reason: 'log records not joined: why' }, [official])).toBe('log records not joined: why');
  });
});
