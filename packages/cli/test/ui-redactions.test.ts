// The viewer's reading of what the sensitive-data scanner left on a span: the placeholders it marks in
// text, and the reporting tags. The placeholders are the ones the library's scanner writes.
import { scanSensitiveData } from 'otel-llmobs';
import { describe, expect, it } from 'vitest';
import { countPlaceholders, sensitiveDataTags, splitRedactions } from '../src/ui/redactions.js';

/** Placeholders as `<TYPE hashed?:TEXT>`, plain runs as they are. */
function flatten(parts: ReturnType<typeof splitRedactions>): string {
  if (typeof parts === 'string') return parts;
  return parts.map((p) => (typeof p === 'string' ? p : `<${p.entityType}${p.hashed ? ' hashed' : ''}:${p.text}>`)).join('');
}

describe('redaction placeholders', () => {
  it('finds the redact and hash placeholders, and nothing that only looks like them', () => {
    expect(flatten(splitRedactions('mail [REDACTED:EMAIL_ADDRESS], ip [HASH:IP_ADDRESS:3f9a1c0e5b7d2a41].'))).toBe(
      'mail <EMAIL_ADDRESS:[REDACTED:EMAIL_ADDRESS]>, ip <IP_ADDRESS hashed:[HASH:IP_ADDRESS:3f9a1c0e5b7d2a41]>.',
    );
    for (const text of ['no placeholder here', '[REDACTED]', '[REDACTED:email]', '[HASH:IP_ADDRESS:XYZ]', '[REDACTED:EMAIL_ADDRESS']) {
      expect(splitRedactions(text)).toBe(text);
    }
  });

  it('counts placeholders per entity type', () => {
    expect(Object.fromEntries(countPlaceholders('[REDACTED:EMAIL_ADDRESS] [REDACTED:EMAIL_ADDRESS] [HASH:IP_ADDRESS:0a1b2c3d] [REDACTED:AWS_ACCESS_KEY_ID]'))).toEqual({
      EMAIL_ADDRESS: 2,
      IP_ADDRESS: 1,
      AWS_ACCESS_KEY_ID: 1,
    });
  });

  it('recognizes the placeholders of the entity types the scanner redacts or hashes', () => {
    const text = 'ana@corp.es card 4539 1488 0343 6467 ssn 536-22-8726 ip 203.0.113.7 key AKIA4QZ7RMXJ2B6TNWPD';
    const matches = scanSensitiveData(text);
    expect(matches.map((m) => `${m.entityType}:${m.action}`).sort()).toEqual(['AWS_ACCESS_KEY_ID:redact', 'CREDIT_CARD:partial', 'EMAIL_ADDRESS:redact', 'IP_ADDRESS:hash', 'US_SSN:redact']);
    // The placeholders the processor writes for each action (docs/sensitive-data.md); partial masks leave none.
    let written = text;
    for (const m of [...matches].sort((a, b) => b.start - a.start)) {
      const replacement = m.action === 'redact' ? `[REDACTED:${m.entityType}]` : m.action === 'hash' ? `[HASH:${m.entityType}:3f9a1c0e5b7d2a41]` : `**** **** **** ${text.slice(m.end - 4, m.end)}`;
      written = `${written.slice(0, m.start)}${replacement}${written.slice(m.end)}`;
    }
    expect(Object.fromEntries(countPlaceholders(written))).toEqual({ AWS_ACCESS_KEY_ID: 1, EMAIL_ADDRESS: 1, IP_ADDRESS: 1, US_SSN: 1 });
  });
});

describe('sensitive-data tags', () => {
  it('reads the action, the entity types and the count', () => {
    expect(sensitiveDataTags(['env:dev', 'sensitive_data:redacted', 'sensitive_data.entity:email_address', 'sensitive_data.entity:credit_card', 'sensitive_data.count:3'])).toEqual({
      action: 'redacted',
      entities: ['credit_card', 'email_address'],
      count: 3,
    });
    expect(sensitiveDataTags(['sensitive_data:detected'])).toEqual({ action: 'detected', entities: [], count: undefined });
  });

  it('finds nothing on a span without the tags, or with lookalike keys', () => {
    expect(sensitiveDataTags(['env:dev', 'sensitive_data_owner:team', 'sensitive:yes'])).toBeUndefined();
  });
});
