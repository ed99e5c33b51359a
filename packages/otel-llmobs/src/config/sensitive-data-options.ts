import type { SensitiveDataAction, SensitiveDataCategory } from './sensitive-data-entities.js';

/** A rule of your own, compiled with `re2js` (linear time, so a pattern cannot hang the application). */
export interface SensitiveDataCustomRule {
  /** A name for messages and reports. */
  name: string;
  /** The type shown in placeholders and reports, e.g. `EMPLOYEE_ID`. */
  entityType: string;
  /** Any category; a built-in one (`secret`, …) takes that category's action unless `action` is set. */
  category: string;
  /** An RE2 pattern (no look-around, no back-references). */
  pattern: string;
  /** When given, one of them must occur in the 30 characters before the match or in the key path. */
  keywords?: string[];
  /** When one of them occurs there, the match is dropped. */
  excludedKeywords?: string[];
  /** Default: the category's action, else `redact`. */
  action?: SensitiveDataAction;
}

/** Values never reported, compared case-insensitively with the matched text (dd-sds' suppressions). */
export interface SensitiveDataAllowlist {
  exact?: string[];
  startsWith?: string[];
  endsWith?: string[];
}

/** Which fields are scanned, by field path (`metadata.trace_context`, `tags.git.commit.sha`, `input.messages`): a path matches itself and everything under it. */
export interface SensitiveDataScope {
  /** Fields never scanned. */
  exclude?: string[];
  /** When set, only these fields are scanned. */
  include?: string[];
}

/** `sensitiveData` option of `LLMObsSpanProcessor`, and the options of `scanSensitiveData` (docs/sensitive-data.md). */
export interface SensitiveDataOptions {
  /** Default true (env `OTEL_LLMOBS_SDS_ENABLED`); `false`: the stage does nothing. */
  enabled?: boolean;
  /** Action per category, or `false` to turn the category off. Unlisted categories keep their default. */
  categories?: Partial<Record<SensitiveDataCategory, SensitiveDataAction | false>> & Record<string, SensitiveDataAction | false | undefined>;
  /** Action per entity type, or `false` to turn the rule off; wins over `categories`. */
  entities?: Record<string, SensitiveDataAction | false | undefined>;
  /** Rules of your own; needs the optional peer dependency `re2js`. */
  customRules?: SensitiveDataCustomRule[];
  allowlist?: SensitiveDataAllowlist;
  scope?: SensitiveDataScope;
  /** Key of the `hash` action's HMAC-SHA-256 (env `OTEL_LLMOBS_SDS_HASH_KEY`); random per process when unset. */
  hashKey?: string;
  /** Replacement of the `redact` action; `{type}` becomes the entity type. Default `[REDACTED:{type}]`. */
  placeholder?: string;
  /** Longer fields are replaced whole by the `UNSCANNED` placeholder (fail closed). Default 1,000,000 characters. */
  maxScanChars?: number;
}
