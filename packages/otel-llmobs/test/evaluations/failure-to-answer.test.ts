import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { failureByRule } from '../../src/evaluations/evaluators/failure-to-answer.js';

/**
 * The rule-decided failure_to_answer categories on a labelled set (spec §4.2): exactly 100 % on
 * empty and empty-code outputs, and no rule false positive on answers, even ones that contain
 * "N/A", "not found", "sorry" or `[]`. (Refusals and "N/A" alone are the judge's to decide: a
 * phrase heuristic is not shipped.)
 */
const fixture = JSON.parse(readFileSync(new URL('./fixtures/failure-to-answer-rules.json', import.meta.url), 'utf8')) as {
  empty: string[];
  empty_code: string[];
  answer: string[];
};

describe('failure_to_answer rules', () => {
  it('has enough cases', () => {
    expect(fixture.empty.length + fixture.empty_code.length).toBeGreaterThanOrEqual(20);
    expect(fixture.answer.length).toBeGreaterThanOrEqual(30);
  });
  it('empty outputs: empty_response, every one', () => {
    expect(fixture.empty.map((o) => failureByRule(o))).toEqual(fixture.empty.map(() => 'empty_response'));
  });
  it('empty values: empty_code_response, every one', () => {
    expect(fixture.empty_code.map((o) => failureByRule(o))).toEqual(fixture.empty_code.map(() => 'empty_code_response'));
  });
  it('answers: no rule decides them (0 false positives)', () => {
    expect(fixture.answer.filter((o) => failureByRule(o) !== undefined)).toEqual([]);
  });
});
