import type { KeywordContext, KeywordSet } from '../keywords.js';
import type { DigitSequence } from './digit-sequences.js';

/** What a rule's finder sees: the text, its keyword context, and shared views of it (each computed once per text). */
export interface FindContext {
  readonly text: string;
  readonly keywords: KeywordContext;
  /**
   * Visits the digit sequences of the text (see `digit-sequences.ts`). The visit happens after every
   * rule's `find` returned, in one pass shared by all the rules that asked: emit from the visitor.
   */
  eachDigitSequence(visit: (seq: DigitSequence) => void): void;
  /** Where `literal` occurs, for a literal some rule declared in `anchors` (one pass over the text for all of them). */
  positionsOf(literal: string): readonly number[];
  /** Whether the text contains `literal` (memoized per text: several rules share a gate such as `_`). */
  contains(literal: string): boolean;
}

/** Report a candidate that passed its validator and context checks: `text.slice(start, end)` is the match. */
export type Emit = (start: number, end: number) => void;

/**
 * A detection rule. Built-in rules are hand-written finders anchored on their rarest literal
 * (`@`, `AKIA`, `-----BEGIN`, a digit run…), so a text without the anchor costs one `indexOf`, and
 * every loop advances: time is linear in the text.
 */
export interface DetectionRule {
  readonly entityType: string;
  readonly category: string;
  /** Breaks ties between overlapping matches of equal length: issuer-specific (3) > `BEARER_TOKEN` (2) > generic (1). */
  readonly specificity: number;
  /** Also run on a number whose key path carries one of these keywords (`{"card": 4111…}`). */
  readonly numberKeywords?: KeywordSet;
  /** Literal prefixes the rule looks up with `positionsOf`. */
  readonly anchors?: readonly string[];
  /** A cheap test that rules the text out (no anchor literal, no keyword): the pre-filter. */
  mayMatch?(text: string, keywords: KeywordContext): boolean;
  find(ctx: FindContext, emit: Emit): void;
}
