import type { ResolvedSensitiveDataSettings } from '../config/resolve-sensitive-data-config.js';
import type { ActionTools } from './actions.js';
import { hashKeyBytes, replacementFor } from './actions.js';
import { compileCustomRules } from './custom-rules.js';
import type { SensitiveDataAction, SensitiveDataCategory } from '../config/sensitive-data-entities.js';
import { DEFAULT_CATEGORY_ACTIONS, UNSCANNED } from '../config/sensitive-data-entities.js';
import { KeywordContext, normalizeForKeywords } from './keywords.js';
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
  /** All rules' anchor literals in one alternation: a single pass finds every issuer prefix. */
  readonly #anchors: RegExp | undefined;

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
    this.#numberRules = this.#rules.filter((r) => r.rule.numberKeywords !== undefined);
    const anchors = [...new Set(this.#rules.flatMap((r) => r.rule.anchors ?? []))].sort((a, b) => b.length - a.length);
    this.#anchors = anchors.length > 0 ? new RegExp(anchors.map(escapeRegExp).join('|'), 'g') : undefined;
    this.#allowlist = {
      exact: settings.allowlist.exact.map((s) => s.toLowerCase()),
      startsWith: settings.allowlist.startsWith.map((s) => s.toLowerCase()),
      endsWith: settings.allowlist.endsWith.map((s) => s.toLowerCase()),
    };
    this.#scope = settings.scope;
    const template = settings.placeholder;
    this.#tools = { placeholder: (type) => template.split('{type}').join(type), hashKey: hashKeyBytes(settings.hashKey) };
  }

  /** The resolved matches in `text` (validators, keywords, allowlist and overlaps applied), in text order. */
  find(text: string, keyPath = ''): ScanMatch[] {
    return this.#find(text, keyPath, this.#rules);
  }

  /** Scans one string and applies the actions. Never throws: a string that cannot be scanned is replaced whole (fail closed). */
  scanText(text: string, keyPath = '', override?: ActionOverride): TextScan {
    if (text.length > this.maxScanChars) return this.#unscanned();
    try {
      if (text.length === 0) return { text, matches: [], unscanned: false };
      return this.#apply(text, this.#find(text, keyPath, this.#rules), override);
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
      return this.#apply(text, this.#find(text, keyPath, rules), undefined);
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

  #find(text: string, keyPath: string, rules: readonly ActiveRule[]): ScanMatch[] {
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
      forEachDigitSequence(text, (seq) => {
        for (const visit of sequenceVisitors) visit(seq);
      });
    }
    return resolveOverlaps(candidates).map(({ start, end, active }) => ({
      start,
      end,
      entityType: active.rule.entityType,
      category: active.rule.category,
      action: active.action,
    }));
  }

  #anchorPositions(text: string): Map<string, number[]> {
    const out = new Map<string, number[]>();
    const regex = this.#anchors;
    if (!regex) return out;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      const list = out.get(m[0]);
      if (list) list.push(m.index);
      else out.set(m[0], [m.index]);
    }
    return out;
  }

  #allowlisted(value: string): boolean {
    const { exact, startsWith, endsWith } = this.#allowlist;
    if (exact.length === 0 && startsWith.length === 0 && endsWith.length === 0) return false;
    const v = value.toLowerCase();
    return exact.includes(v) || startsWith.some((p) => v.startsWith(p)) || endsWith.some((s) => v.endsWith(s));
  }

  #apply(text: string, matches: ScanMatch[], override: ActionOverride): TextScan {
    if (matches.length === 0) return { text, matches, unscanned: false };
    let out = '';
    let last = 0;
    for (const m of matches) {
      if (override === 'report' || (override === 'hash' && m.action !== 'report')) m.action = override;
      const replacement = replacementFor(m.action, m.entityType, text.slice(m.start, m.end), this.#tools);
      if (replacement === undefined) continue;
      out += text.slice(last, m.start) + replacement;
      last = m.end;
    }
    if (last === 0) return { text, matches, unscanned: false };
    return { text: out + text.slice(last), matches, unscanned: false };
  }
}

const NO_POSITIONS: readonly number[] = [];

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
    kept.push({ start: group[0]!.start, end: groupEnd, active: best.active });
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
