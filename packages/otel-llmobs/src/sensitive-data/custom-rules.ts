import type { SensitiveDataCustomRule } from '../config/sensitive-data-options.js';
import { keywordSet } from './keywords.js';
import type { DetectionRule } from './rules/rule.js';

/** The part of `re2js` we use. */
interface Re2jsModule {
  RE2JS: { compile(pattern: string): { matcher(input: string): { find(): boolean; start(): number; end(): number } } };
}

/**
 * `re2js`, loaded synchronously the first time a custom rule is configured (the processor's
 * constructor is synchronous). It is an optional peer dependency: nobody who does not configure
 * custom rules pays for it, and without it a custom rule is a configuration error.
 */
function loadRe2js(): Re2jsModule {
  try {
    // A synchronous load in the CommonJS build (the constructor cannot await an import()).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (typeof require === 'function') return require('re2js') as Re2jsModule;
    const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
    const moduleApi = getBuiltinModule?.('module') as { createRequire(from: string): (id: string) => unknown } | undefined;
    if (moduleApi) return moduleApi.createRequire(import.meta.url)('re2js') as Re2jsModule;
  } catch {
    // reported below
  }
  throw new TypeError(
    'Configuration: sensitiveData.customRules needs the optional peer dependency re2js (npm install re2js), a linear-time regex engine, ' +
      'so that a pattern cannot hang the application; it could not be loaded',
  );
}

let re2js: Re2jsModule | undefined;

/** Compiles custom rules with RE2 semantics (linear time); throws a `TypeError` naming the rule for a pattern RE2 rejects. */
export function compileCustomRules(rules: readonly SensitiveDataCustomRule[]): DetectionRule[] {
  if (rules.length === 0) return [];
  re2js ??= loadRe2js();
  const engine = re2js;
  return rules.map((rule, i) => {
    let regex: ReturnType<Re2jsModule['RE2JS']['compile']>;
    try {
      regex = engine.RE2JS.compile(rule.pattern);
    } catch (e) {
      throw new TypeError(`Configuration: sensitiveData.customRules[${i}] (${rule.name}).pattern is not a valid RE2 pattern: ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
      });
    }
    const keywords = rule.keywords && rule.keywords.length > 0 ? keywordSet(rule.keywords) : undefined;
    const excluded = rule.excludedKeywords && rule.excludedKeywords.length > 0 ? keywordSet(rule.excludedKeywords) : undefined;
    const detection: DetectionRule = {
      entityType: rule.entityType,
      category: rule.category,
      specificity: 2,
      find(ctx, emit) {
        const matcher = regex.matcher(ctx.text);
        while (matcher.find()) {
          const start = matcher.start();
          const end = matcher.end();
          if (end <= start) continue; // an empty match reports nothing (the matcher moves on by itself)
          if (keywords && !ctx.keywords.near(keywords, start)) continue;
          if (excluded && ctx.keywords.near(excluded, start)) continue;
          emit(start, end);
        }
      },
    };
    return detection;
  });
}
