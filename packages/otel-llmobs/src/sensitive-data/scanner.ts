import type { ResolvedSensitiveDataSettings } from '../config/resolve-sensitive-data-config.js';
import type { ActionTools } from './actions.js';
import { hashKeyBytes, replacementFor } from './actions.js';
import { compileCustomRules } from './custom-rules.js';
import type { SensitiveDataAction, SensitiveDataCategory } from '../config/sensitive-data-entities.js';
import { DEFAULT_CATEGORY_ACTIONS, UNSCANNED } from '../config/sensitive-data-entities.js';
import { KEYWORD_WINDOW, KeywordContext, normalizeForKeywords } from './keywords.js';
import { codeAt, isAsciiAlnum, isDigit } from './text-classes.js';
import { BUILTIN_RULES } from './rules/builtin-rules.js';
import type { DigitSequence } from './rules/digit-sequences.js';
import { forEachDigitSequence } from './rules/digit-sequences.js';
import type { DetectionRule, FindContext } from './rules/rule.js';

/** One finding: `text.slice(start, end)` is the match (UTF-16 offsets, end exclusive). Never carries the matched text. */
export interface ScanMatch {
  start: number;
  end: number;
  entityType: string;
  category: string;
  action: SensitiveDataAction;
}

/** A scanned string: its new text (the same string when nothing changed), the matches, and whether it was replaced whole unscanned. */
export interface TextScan {
  text: string;
  matches: ScanMatch[];
  unscanned: boolean;
}

/** What a field's own kind asks of every match in it: `hash` for identifiers (grouping survives), `report` for tool descriptions. */
export type ActionOverride = 'hash' | 'report' | undefined;

interface ActiveRule {
  rule: DetectionRule;
  action: SensitiveDataAction;
  order: number;
}

interface Candidate {
  start: number;
  end: number;
  active: ActiveRule;
}

/**
 * The compiled rule set of one configuration: built-in rules with their actions (rules turned off
 * are not run at all), custom rules, the allowlist, the scope, and the action tools. Pure: the same
 * text gives the same result (the hash key is fixed per scanner).
 */
export class SensitiveDataScanner {
  readonly enabled: boolean;
  readonly maxScanChars: number;
  readonly #rules: ActiveRule[];
  readonly #numberRules: ActiveRule[];
  readonly #allowlist: ResolvedSensitiveDataSettings['allowlist'];
  readonly #scope: ResolvedSensitiveDataSettings['scope'];
  readonly #tools: ActionTools;
  /** Custom patterns may read anything around a match: their text is always scanned again after replacing. */
  readonly #hasCustomRules: boolean;
  /**
   * All rules' anchor literals, grouped by their rarest character (`_`, `-`, `.`, else the first):
   * one search per group stops only where that character is (an alternation regex tried every `s`,
   * `g`, `h`, `r` of a prose text).
   */
  readonly #anchors: ReadonlyArray<{ key: string; literals: ReadonlyArray<{ literal: string; offset: number }>; run: RegExp }>;
  /** Literals with none of `_` `-` `.` (`AKIA`, `AIza`): one native alternation. */
  readonly #plainAnchors: RegExp | undefined;

  constructor(settings: ResolvedSensitiveDataSettings) {
    this.enabled = settings.enabled;
    this.maxScanChars = settings.maxScanChars;
    const customRules = settings.enabled ? compileCustomRules(settings.customRules) : [];
    const ownActions = new Map(settings.customRules.map((r) => [r.entityType, r.action]));
    const all: DetectionRule[] = [...BUILTIN_RULES, ...customRules];
    this.#rules = [];
    all.forEach((rule, order) => {
      const action =
        settings.entities[rule.entityType] ??
        ownActions.get(rule.entityType) ??
        settings.categories[rule.category] ??
        DEFAULT_CATEGORY_ACTIONS[rule.category as SensitiveDataCategory] ??
        'redact';
      if (action !== false) this.#rules.push({ rule, action, order });
    });
    this.#hasCustomRules = this.#rules.some((r) => r.order >= BUILTIN_RULES.length);
    this.#numberRules = this.#rules.filter((r) => r.rule.numberKeywords !== undefined);
    const anchors = [...new Set(this.#rules.flatMap((r) => r.rule.anchors ?? []))].sort((a, b) => b.length - a.length);
    const groups = new Map<string, Array<{ literal: string; offset: number }>>();
    const plain: string[] = [];
    for (const literal of anchors) {
      const at = ['_', '-', '.'].map((c) => literal.indexOf(c)).find((i) => i !== -1);
      if (at === undefined) {
        plain.push(literal);
        continue;
      }
      const key = literal[at] as string;
      const group = groups.get(key) ?? [];
      group.push({ literal, offset: at });
      groups.set(key, group);
    }
    // A run of the key (`-----`, `....`) is crossed by one native search for its end.
    this.#anchors = [...groups].map(([key, literals]) => ({ key, literals, run: new RegExp(`[^\\${key}]`, 'g') }));
    this.#plainAnchors = plain.length > 0 ? new RegExp(plain.join('|'), 'g') : undefined;
    this.#allowlist = {
      exact: settings.allowlist.exact.map((s) => s.toLowerCase()),
      startsWith: settings.allowlist.startsWith.map((s) => s.toLowerCase()),
      endsWith: settings.allowlist.endsWith.map((s) => s.toLowerCase()),
    };
    this.#scope = settings.scope;
    const template = settings.placeholder;
    const placeholders = new Map<string, string>();
    const placeholder = (type: string): string => {
      let p = placeholders.get(type);
      if (p === undefined) placeholders.set(type, (p = template.split('{type}').join(type)));
      return p;
    };
    this.#tools = { placeholder, hashKey: hashKeyBytes(settings.hashKey) };
  }

  /**
   * The resolved matches in `text` (validators, keywords, allowlist and overlaps applied, run to the
   * fixed point: see `#scan`), in text order. A text that cannot be scanned is one `UNSCANNED` match
   * over all of it, as `scanText` replaces it whole (fail closed).
   */
  find(text: string, keyPath = ''): ScanMatch[] {
    try {
      return this.#scan(text, keyPath, this.#rules, undefined, false).matches;
    } catch {
      // Falls through to the whole-text match.
    }
    return [{ start: 0, end: text.length, entityType: UNSCANNED, category: 'unscanned', action: 'redact' }];
  }

  /** Scans one string and applies the actions. Never throws: a string that cannot be scanned is replaced whole (fail closed). */
  scanText(text: string, keyPath = '', override?: ActionOverride): TextScan {
    if (text.length > this.maxScanChars) return this.#unscanned();
    try {
      if (text.length === 0) return { text, matches: [], unscanned: false };
      return this.#scan(text, keyPath, this.#rules, override);
    } catch {
      return this.#unscanned();
    }
  }

  /**
   * A number under a key that names a card, phone or SSN (`{"card": 4111111111111111}`): scanned as
   * text with those rules only. `undefined` when the key names none of them (numbers are otherwise not scanned).
   */
  scanKeyedNumber(value: number, keyPath: string): TextScan | undefined {
    if (keyPath === '' || !Number.isSafeInteger(value) || value < 0) return undefined;
    const normalized = normalizeForKeywords(keyPath);
    const rules = this.#numberRules.filter((r) => r.rule.numberKeywords?.test(normalized));
    if (rules.length === 0) return undefined;
    const text = String(value);
    try {
      return this.#scan(text, keyPath, rules, undefined);
    } catch {
      return this.#unscanned();
    }
  }

  /** Whether a field path is scanned (`scope.exclude` / `scope.include`). */
  inScope(fieldPath: string): boolean {
    if (this.#scope.exclude.some((p) => isUnder(fieldPath, p))) return false;
    return this.#scope.include === undefined || this.#scope.include.some((p) => isUnder(fieldPath, p));
  }

  /** The placeholder of a field replaced whole. */
  unscannedText(): string {
    return this.#tools.placeholder(UNSCANNED);
  }

  #unscanned(): TextScan {
    return { text: this.unscannedText(), matches: [], unscanned: true };
  }

  /**
   * Finds, resolves and applies, until the output settles. A rule decides on the characters around a
   * candidate (a letter glued before it, a keyword in the 30 characters before, the digit group
   * after it), and a replacement changes exactly those for its neighbours: `ana@corp.es2001:db8::1`
   * holds no IPv6 address (it is glued to `es`), `[REDACTED:EMAIL_ADDRESS]2001:db8::1` does. No
   * boundary rule of one value can know what another rule's replacement will put next to it, so
   * the resolution is completed on the replaced text: what it uncovers is found in the same scan,
   * mapped back to offsets in `text`, and resolved with the rest, until a pass finds nothing new.
   * The scan of the output then finds nothing new either (spec §8), whatever the rules (custom ones
   * included). Text with no replacement (most text) costs one pass; a second pass runs only over
   * text that changed. Throws when the text does not settle within a few rounds (fail closed).
   */
  #scan(text: string, keyPath: string, rules: readonly ActiveRule[], override: ActionOverride, wantText = true): TextScan {
    const consulted: number[] = [];
    let found = this.#find(text, keyPath, rules, undefined, consulted);
    for (let round = 0; ; round++) {
      // `find` needs no text, only where replacements go: no hash is computed unless the text is scanned again.
      let output = this.#replace(text, found, override, wantText);
      if (output.segments.length === 0) return { text, matches: this.#matches(found, override), unscanned: false };
      // Most replacements stand apart (a space and a word on each side, no rule's window on them):
      // nothing around them can read differently, and the replaced text needs no second pass.
      if (round === 0 && !this.#hasCustomRules && !affectsNeighbours(text, output.segments, consulted)) {
        return { text: wantText ? output.text() : text, matches: this.#matches(found, override), unscanned: false };
      }
      if (!wantText) output = this.#replace(text, found, override, true);
      const replaced = output.text();
      // A match inside one of our placeholders is not a value (a custom pattern may match `REDACTED`).
      const uncovered = this.#find(replaced, keyPath, rules, output.segments).filter(
        (c) => mutates(c.active.action, override) && !output.segments.some((s) => s.outStart <= c.start && c.end <= s.outEnd),
      );
      if (uncovered.length === 0) return { text: replaced, matches: this.#matches(found, override), unscanned: false };
      if (round === MAX_ROUNDS) throw new Error('the replaced text does not settle');
      const segments = output.segments;
      found = resolveOverlaps([...found, ...uncovered.map((c) => toOriginal(c, segments))]);
    }
  }

  #matches(found: readonly Candidate[], override: ActionOverride): ScanMatch[] {
    return found.map(({ start, end, active }) => ({
      start,
      end,
      entityType: active.rule.entityType,
      category: active.rule.category,
      action: effectiveAction(active.action, override),
    }));
  }

  /**
   * The replacements of `found`: where each goes in the replaced text, and that text (built on
   * demand). Without `exact`, a hash is a stand-in of the same length (the keyed hash is the
   * costly part, and only the replaced text shows it).
   */
  #replace(text: string, found: readonly Candidate[], override: ActionOverride, exact: boolean): { segments: Segment[]; text: () => string } {
    const segments: Segment[] = [];
    const replacements: string[] = [];
    let length = 0;
    let last = 0;
    for (const c of found) {
      const action = effectiveAction(c.active.action, override);
      const type = c.active.rule.entityType;
      const replacement = action === 'hash' && !exact ? `[HASH:${type}:${HASH_STAND_IN}]` : replacementFor(action, type, text.slice(c.start, c.end), this.#tools);
      if (replacement === undefined) continue;
      length += c.start - last;
      segments.push({ start: c.start, end: c.end, outStart: length, outEnd: length + replacement.length });
      replacements.push(replacement);
      length += replacement.length;
      last = c.end;
    }
    const join = (): string => {
      let out = '';
      let from = 0;
      segments.forEach((s, i) => {
        out += text.slice(from, s.start) + (replacements[i] as string);
        from = s.end;
      });
      return out + text.slice(from);
    };
    return { segments, text: join };
  }

  /**
   * The resolved candidates of `text`. With `near` (the replacements, when `text` is replaced
   * text), digit sequences far from every replacement are not looked at: nothing around them
   * changed, so they were decided in the pass before (the tokenizing still runs over the whole text).
   */
  #find(text: string, keyPath: string, rules: readonly ActiveRule[], near?: readonly Segment[], consulted?: number[]): Candidate[] {
    const keywords = new KeywordContext(text, keyPath === '' ? '' : normalizeForKeywords(keyPath));
    const seen = new Map<string, boolean>();
    const sequenceVisitors: Array<(seq: DigitSequence) => void> = [];
    let positions: Map<string, number[]> | undefined;
    const ctx: FindContext = {
      text,
      keywords,
      eachDigitSequence: (visit) => sequenceVisitors.push(visit),
      positionsOf: (literal) => (positions ??= this.#anchorPositions(text)).get(literal) ?? NO_POSITIONS,
      contains: (literal) => {
        let has = seen.get(literal);
        if (has === undefined) seen.set(literal, (has = text.includes(literal)));
        return has;
      },
    };
    const candidates: Candidate[] = [];
    for (const active of rules) {
      if (active.rule.mayMatch && !active.rule.mayMatch(text, keywords)) continue;
      const emit = (start: number, end: number): void => {
        if (end > start && !this.#allowlisted(text.slice(start, end))) candidates.push({ start, end, active });
      };
      // Digit-sequence visitors registered here run below, and emit as this rule (the emit they captured).
      active.rule.find(ctx, emit);
    }
    if (sequenceVisitors.length > 0) {
      let next = 0;
      forEachDigitSequence(text, (seq) => {
        if (near) {
          // Past replacements (in text order, as the sequences come) that end too far before this sequence.
          while (next < near.length && (near[next] as Segment).outEnd + NEIGHBOURHOOD < seq.start) next++;
          const segment = near[next];
          if (segment === undefined || segment.outStart - NEIGHBOURHOOD > seq.end) return;
        }
        for (const visit of sequenceVisitors) visit(seq);
      });
    }
    if (consulted) for (const at of keywords.consulted) consulted.push(at);
    return resolveOverlaps(candidates);
  }

  #anchorPositions(text: string): Map<string, number[]> {
    const out = new Map<string, number[]>();
    const add = (literal: string, at: number): void => {
      const list = out.get(literal);
      if (list) list.push(at);
      else out.set(literal, [at]);
    };
    const plain = this.#plainAnchors;
    if (plain) {
      plain.lastIndex = 0;
      for (let m = plain.exec(text); m !== null; m = plain.exec(text)) add(m[0], m.index);
    }
    for (const { key, literals, run } of this.#anchors) {
      for (let at = text.indexOf(key); at !== -1; at = text.indexOf(key, at + 1)) {
        if (text[at + 1] === key) {
          // Inside a run only its last key can be followed by a literal's rest, and only its first preceded by one's start.
          const first = at;
          run.lastIndex = at + 1;
          at = run.test(text) ? run.lastIndex - 2 : text.length - 1;
          this.#anchorAt(text, first, literals, add);
        }
        this.#anchorAt(text, at, literals, add);
      }
    }
    return out;
  }

  /** The literals of a group that hold their key at `at`. */
  #anchorAt(text: string, at: number, literals: ReadonlyArray<{ literal: string; offset: number }>, add: (literal: string, at: number) => void): void {
    // The character next to the key first: most hits (a `-` in a date, a `.` in a version) fail there.
    const before = text.charCodeAt(at - 1);
    const after = text.charCodeAt(at + 1);
    for (const { literal, offset } of literals) {
      if (offset > 0 ? before !== literal.charCodeAt(offset - 1) : after !== literal.charCodeAt(1)) continue;
      if (at < offset || !text.startsWith(literal, at - offset)) continue;
      add(literal, at - offset);
    }
  }

  #allowlisted(value: string): boolean {
    const { exact, startsWith, endsWith } = this.#allowlist;
    if (exact.length === 0 && startsWith.length === 0 && endsWith.length === 0) return false;
    const v = value.toLowerCase();
    return exact.includes(v) || startsWith.some((p) => v.startsWith(p)) || endsWith.some((s) => v.endsWith(s));
  }

}

const NO_POSITIONS: readonly number[] = [];

/** The 16 hex digits of a hash, where only the length matters. */
const HASH_STAND_IN = '0'.repeat(16);

/**
 * How far a replacement reaches into its neighbours' decisions: the 30-character keyword window,
 * the previous number that cuts it, the separators and glued characters around a digit sequence.
 */
const NEIGHBOURHOOD = 128;

/** Passes over replaced text before a string that keeps uncovering values is given up on (replaced whole). */
const MAX_ROUNDS = 4;

/** A replacement: `text[start, end)` became `output[outStart, outEnd)`. */
interface Segment {
  start: number;
  end: number;
  outStart: number;
  outEnd: number;
}

/**
 * Whether replacing the `segments` of `text` can change what a rule decides about text around
 * them, so that the replaced text must be scanned again. Conservative: true when a replacement
 * touches a character some rule reads across (a letter, a digit, `-` `.` `:` `_` `@` `/` …, a
 * space between digit groups or after an IBAN group), or lies in the 30-character window a rule
 * read before a position (`consulted`). A replacement between spaces and words, with no rule
 * reading near it, changes nothing for anyone.
 */
function affectsNeighbours(text: string, segments: readonly Segment[], consulted: number[]): boolean {
  for (const s of segments) {
    if (joinedBefore(text, s.start) || joinedAfter(text, s.end)) return true;
  }
  if (consulted.length === 0) return false;
  consulted.sort((a, b) => a - b);
  // A window [at - 30, at) overlaps a replacement that starts before `at`.
  let k = 0;
  for (const s of segments) {
    while (k < consulted.length && (consulted[k] as number) <= s.start) k++;
    if (k < consulted.length && (consulted[k] as number) - KEYWORD_WINDOW < s.end) return true;
  }
  return false;
}

const isAlnumAt = (text: string, i: number): boolean => isAsciiAlnum(codeAt(text, i));

/** Characters no rule reads across (besides white space): quotes, brackets, `;`, `|`, `!`, `?`. */
function isStop(c: number): boolean {
  return c === 34 || c === 39 || c === 96 || c === 59 || c === 60 || c === 62 || c === 123 || c === 125 || c === 91 || c === 93 || c === 124 || c === 33 || c === 63;
}

function joinedBefore(text: string, start: number): boolean {
  if (start === 0) return false;
  const c = text.charCodeAt(start - 1);
  const first = text.charCodeAt(start);
  if (c === 32) {
    // Digit groups (`303 884`, `(312) 953`), or an IBAN group of 4 right before (`GB82 WEST …`).
    const b = codeAt(text, start - 2);
    if ((isDigit(b) || b === 41) && (isDigit(first) || first === 40 || first === 43)) return true;
    return isAsciiAlnum(first) && isAlnumAt(text, start - 2) && isAlnumAt(text, start - 3) && isAlnumAt(text, start - 4) && isAlnumAt(text, start - 5) && !isAlnumAt(text, start - 6);
  }
  if (c <= 32 || c === 0x85 || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000) return false;
  // A decimal comma after digit groups (`123 456,78`) is read by the phone rule.
  if (c === 44) return isDigit(first);
  return !isStop(c);
}

function joinedAfter(text: string, end: number): boolean {
  if (end >= text.length) return false;
  const c = text.charCodeAt(end);
  if (c === 32) {
    const last = text.charCodeAt(end - 1);
    const next = codeAt(text, end + 1);
    return (isDigit(last) || last === 41) && (isDigit(next) || next === 40);
  }
  if (c <= 32 || c === 0x85 || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000 || c === 44) return false;
  return !isStop(c);
}

/** What a field's kind makes of a rule's action: `report` for tool descriptions, `hash` for identifiers. */
function effectiveAction(action: SensitiveDataAction, override: ActionOverride): SensitiveDataAction {
  if (override === 'report' || (override === 'hash' && action !== 'report')) return override;
  return action;
}

const mutates = (action: SensitiveDataAction, override: ActionOverride): boolean => effectiveAction(action, override) !== 'report';

/**
 * A candidate found in the replaced text, in offsets of the original: positions between
 * replacements shift back; a candidate that reaches into a replacement takes all of it (the
 * original value is covered whole, never cut).
 */
function toOriginal(c: Candidate, segments: readonly Segment[]): Candidate {
  return { start: originalOffset(c.start, segments, 'start'), end: originalOffset(c.end, segments, 'end'), active: c.active };
}

function originalOffset(at: number, segments: readonly Segment[], side: 'start' | 'end'): number {
  let shift = 0;
  for (const s of segments) {
    if (at <= s.outStart) break;
    if (at < s.outEnd) return side === 'start' ? s.start : s.end;
    shift = s.end - s.outEnd;
  }
  return at + shift;
}

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || (path.startsWith(prefix) && path.charCodeAt(prefix.length) === 46);
}

/**
 * Overlapping candidates. Among matches that change the text, the longer match wins, then the more
 * specific rule, then rule order (dd-sds); the winner's replacement then covers the loser's range
 * too, so no fragment of a partly overlapping value is left behind (and a second scan finds
 * nothing). A report-only match never hides a mutating one. Candidates are grouped into clusters
 * of chained overlaps first, so the ranking is quadratic only within a cluster, a few rules wide.
 */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  if (candidates.length <= 1) return candidates;
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Candidate[] = [];
  let cluster: Candidate[] = [];
  let clusterEnd = -1;
  const flush = () => {
    if (cluster.length === 1) out.push(cluster[0] as Candidate);
    else if (cluster.length > 1) out.push(...resolveCluster(cluster));
    cluster = [];
  };
  for (const c of candidates) {
    if (c.start >= clusterEnd) {
      flush();
      clusterEnd = c.end;
    } else clusterEnd = Math.max(clusterEnd, c.end);
    cluster.push(c);
  }
  flush();
  return out;
}

const rank = (a: Candidate, b: Candidate): number =>
  b.end - b.start - (a.end - a.start) || b.active.rule.specificity - a.active.rule.specificity || a.active.order - b.active.order;

function resolveCluster(cluster: Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  // Mutating matches: chains of overlaps become one match, of the best-ranked rule, over their union.
  let group: Candidate[] = [];
  let groupEnd = -1;
  const close = () => {
    if (group.length === 0) return;
    const best = [...group].sort(rank)[0] as Candidate;
    const start = group[0]!.start;
    // A partial mask keeps what is not a letter or digit of its own value: over a union with other
    // values (`…6618 92김민준@회사.한국`) it would leave theirs readable. Such a union is replaced whole.
    const whole = best.active.action === 'partial' && (start < best.start || groupEnd > best.end);
    kept.push({ start, end: groupEnd, active: whole ? { ...best.active, action: 'redact' } : best.active });
    group = [];
  };
  for (const c of cluster) {
    if (c.active.action === 'report') continue;
    if (c.start >= groupEnd) {
      close();
      groupEnd = c.end;
    } else groupEnd = Math.max(groupEnd, c.end);
    group.push(c);
  }
  close();
  // Report-only matches: kept where they overlap nothing kept, best-ranked first.
  for (const c of cluster.filter((x) => x.active.action === 'report').sort(rank)) {
    if (!kept.some((k) => k.start < c.end && c.start < k.end)) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}
