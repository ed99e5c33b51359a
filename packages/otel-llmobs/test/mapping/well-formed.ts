import { expect } from 'vitest';
import type { MappedSpan } from '../../src/conventions/model.js';
import { SPAN_KINDS } from '../../src/conventions/model.js';

/**
 * Property-test oracle: a mapped span has the canonical model's shape whatever the input was
 * (kind one of the seven, strings where strings are expected, finite metrics), and no convention
 * mapper threw (a throw is caught by mapSpan but reported as "<id>: mapping failed").
 */
export function expectWellFormed(m: MappedSpan | undefined): void {
  if (m === undefined) return;
  expect(SPAN_KINDS).toContain(m.kind);
  expect(typeof m.name).toBe('string');
  expect(['ok', 'error']).toContain(m.status);
  optionalString(m.modelName);
  optionalString(m.modelProvider);
  optionalString(m.sessionId);
  optionalString(m.userId);
  for (const side of [m.input, m.output]) {
    expect(isPlainObject(side)).toBe(true);
    optionalString(side.value);
    if (side.messages !== undefined) {
      expect(Array.isArray(side.messages)).toBe(true);
      for (const msg of side.messages) {
        expect(typeof msg.role).toBe('string');
        optionalString(msg.content);
        optionalString(msg.toolId);
        for (const call of msg.toolCalls ?? []) {
          expect(typeof call.name).toBe('string');
          optionalString(call.toolId);
          optionalString(call.type);
          if (call.arguments !== undefined) expect(isPlainObject(call.arguments)).toBe(true);
        }
        for (const result of msg.toolResults ?? []) {
          expect(typeof result.result).toBe('string');
          optionalString(result.toolId);
          optionalString(result.name);
        }
        for (const part of [...(msg.imageParts ?? []), ...(msg.audioParts ?? [])]) {
          optionalString(part.content);
          optionalString(part.mimeType);
        }
      }
    }
    for (const doc of side.documents ?? []) {
      optionalString(doc.text);
      optionalString(doc.id);
      optionalString(doc.name);
      if (doc.score !== undefined) expect(Number.isFinite(doc.score)).toBe(true);
    }
    if (side.prompt !== undefined) {
      optionalString(side.prompt.id);
      optionalString(side.prompt.version);
      optionalString(side.prompt.template);
      for (const v of Object.values(side.prompt.variables ?? {})) expect(typeof v).toBe('string');
    }
  }
  for (const value of Object.values(m.metrics)) expect(Number.isFinite(value)).toBe(true);
  expect(isPlainObject(m.metadata)).toBe(true);
  expect(Object.getPrototypeOf(m.metadata)).toBe(Object.prototype);
  expect(Object.getPrototypeOf(m.tags)).toBe(Object.prototype);
  for (const value of Object.values(m.tags)) {
    if (Array.isArray(value)) for (const v of value) expect(typeof v).toBe('string');
    else expect(typeof value).toBe('string');
  }
  for (const def of m.toolDefinitions ?? []) {
    expect(typeof def.name).toBe('string');
    expect(def.name).not.toBe('');
    if (def.schema !== undefined) expect(isPlainObject(def.schema)).toBe(true);
  }
  for (const problem of m.collectionErrors) {
    expect(typeof problem).toBe('string');
    expect(problem).not.toMatch(/mapping failed|detection failed/);
  }
  // The wire is JSON: the whole span must serialize.
  expect(() => JSON.stringify(m)).not.toThrow();
}

function optionalString(v: unknown): void {
  if (v !== undefined) expect(typeof v).toBe('string');
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
