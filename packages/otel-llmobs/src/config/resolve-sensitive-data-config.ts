import { diag } from '@opentelemetry/api';
import type { SensitiveDataAction } from './sensitive-data-entities.js';
import { BUILTIN_CATEGORIES, BUILTIN_ENTITY_TYPES, SENSITIVE_DATA_ACTIONS } from './sensitive-data-entities.js';
import type { SensitiveDataCustomRule, SensitiveDataOptions } from './sensitive-data-options.js';
import { readBooleanEnv, readEnv } from './env.js';
import { checkBoolean, checkNumber, checkString, invalidConfig } from './invalid-config.js';

/** The `sensitiveData` option after validation, environment and defaults. */
export interface ResolvedSensitiveDataSettings {
  enabled: boolean;
  /** Overrides only; defaults are applied by the scanner. */
  categories: Readonly<Record<string, SensitiveDataAction | false>>;
  entities: Readonly<Record<string, SensitiveDataAction | false>>;
  customRules: readonly SensitiveDataCustomRule[];
  allowlist: { exact: readonly string[]; startsWith: readonly string[]; endsWith: readonly string[] };
  scope: { exclude: readonly string[]; include: readonly string[] | undefined };
  /** `undefined`: the per-process random key. */
  hashKey: string | undefined;
  placeholder: string;
  maxScanChars: number;
}

export const SENSITIVE_DATA_DEFAULTS = {
  enabled: true,
  placeholder: '[REDACTED:{type}]',
  maxScanChars: 1_000_000,
} as const;

const logger = diag.createComponentLogger({ namespace: 'otel-llmobs/config' });

/** Code > environment (`OTEL_LLMOBS_SDS_ENABLED`, `OTEL_LLMOBS_SDS_HASH_KEY`) > default. Throws a `TypeError` on a bad code value. */
export function resolveSensitiveDataSettings(options: SensitiveDataOptions | undefined): ResolvedSensitiveDataSettings {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw invalidConfig('sensitiveData', 'an object', options);
  }
  const o: SensitiveDataOptions = options ?? {};
  const enabled = checkBoolean('sensitiveData.enabled', o.enabled) ?? readBooleanEnv(['OTEL_LLMOBS_SDS_ENABLED']) ?? SENSITIVE_DATA_DEFAULTS.enabled;
  const hashKey = checkString('sensitiveData.hashKey', o.hashKey, { secret: true }) ?? readEnv('OTEL_LLMOBS_SDS_HASH_KEY');
  const placeholder = checkString('sensitiveData.placeholder', o.placeholder) ?? SENSITIVE_DATA_DEFAULTS.placeholder;
  const maxScanChars = checkNumber('sensitiveData.maxScanChars', o.maxScanChars, { integer: true, min: 1 }) ?? SENSITIVE_DATA_DEFAULTS.maxScanChars;
  return {
    enabled,
    categories: checkActionMap('sensitiveData.categories', o.categories, (key) => {
      // A category of a custom rule is fine; warn about a likely typo of a built-in one.
      if (!(BUILTIN_CATEGORIES as readonly string[]).includes(key) && !(o.customRules ?? []).some((r) => r?.category === key)) {
        logger.warn(`Configuration: sensitiveData.categories.${key} names no built-in category (${BUILTIN_CATEGORIES.join(', ')}) nor a custom rule's`);
      }
    }),
    entities: checkActionMap('sensitiveData.entities', o.entities, (key) => {
      if (!(BUILTIN_ENTITY_TYPES as readonly string[]).includes(key) && !(o.customRules ?? []).some((r) => r?.entityType === key)) {
        throw invalidConfig(`sensitiveData.entities.${key}`, `a built-in entity type (${BUILTIN_ENTITY_TYPES.join(', ')}) or a custom rule's`, key);
      }
    }),
    customRules: checkCustomRules(o.customRules),
    allowlist: {
      exact: checkStringList('sensitiveData.allowlist.exact', o.allowlist?.exact),
      startsWith: checkStringList('sensitiveData.allowlist.startsWith', o.allowlist?.startsWith),
      endsWith: checkStringList('sensitiveData.allowlist.endsWith', o.allowlist?.endsWith),
    },
    scope: {
      exclude: checkStringList('sensitiveData.scope.exclude', o.scope?.exclude),
      include: o.scope?.include === undefined ? undefined : checkStringList('sensitiveData.scope.include', o.scope.include),
    },
    hashKey,
    placeholder,
    maxScanChars,
  };
}

const ACTION_CHOICES = `one of ${SENSITIVE_DATA_ACTIONS.map((a) => `'${a}'`).join(', ')} or false`;

function isActionOrFalse(value: unknown): value is SensitiveDataAction | false {
  return value === false || (typeof value === 'string' && (SENSITIVE_DATA_ACTIONS as readonly string[]).includes(value));
}

function checkActionMap(name: string, value: unknown, checkKey: (key: string) => void): Record<string, SensitiveDataAction | false> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidConfig(name, 'an object', value);
  const out: Record<string, SensitiveDataAction | false> = {};
  for (const [key, action] of Object.entries(value as Record<string, unknown>)) {
    if (action === undefined) continue;
    if (!isActionOrFalse(action)) throw invalidConfig(`${name}.${key}`, ACTION_CHOICES, action);
    checkKey(key);
    out[key] = action;
  }
  return out;
}

function checkStringList(name: string, value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) throw invalidConfig(name, 'an array of non-empty strings', value);
  return [...(value as string[])];
}

function checkCustomRules(value: unknown): readonly SensitiveDataCustomRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidConfig('sensitiveData.customRules', 'an array of rules', value);
  return value.map((rule: unknown, i) => {
    const name = `sensitiveData.customRules[${i}]`;
    if (rule === null || typeof rule !== 'object') throw invalidConfig(name, 'an object', rule);
    const r = rule as Record<string, unknown>;
    const out: SensitiveDataCustomRule = {
      name: checkString(`${name}.name`, r.name) ?? fail(`${name}.name`, 'a non-empty string', r.name),
      entityType: checkString(`${name}.entityType`, r.entityType) ?? fail(`${name}.entityType`, 'a non-empty string', r.entityType),
      category: checkString(`${name}.category`, r.category) ?? fail(`${name}.category`, 'a non-empty string', r.category),
      pattern: checkString(`${name}.pattern`, r.pattern) ?? fail(`${name}.pattern`, 'a non-empty string (an RE2 pattern)', r.pattern),
    };
    if (!/^[A-Z][A-Z0-9_]*$/.test(out.entityType)) throw invalidConfig(`${name}.entityType`, 'UPPER_SNAKE_CASE', out.entityType);
    if (r.keywords !== undefined) out.keywords = [...checkStringList(`${name}.keywords`, r.keywords)];
    if (r.excludedKeywords !== undefined) out.excludedKeywords = [...checkStringList(`${name}.excludedKeywords`, r.excludedKeywords)];
    if (r.action !== undefined) {
      if (!isActionOrFalse(r.action) || r.action === false) throw invalidConfig(`${name}.action`, `one of ${SENSITIVE_DATA_ACTIONS.join(', ')}`, r.action);
      out.action = r.action;
    }
    return out;
  });
}

function fail(name: string, expected: string, actual: unknown): never {
  throw invalidConfig(name, expected, actual);
}
