/**
 * The entity types the built-in rules detect and the category each belongs to (spec
 * sensitive-data.md §2). Categories are what actions are configured by and what the corpus scorer
 * matches on; entity types are what the placeholders and reports name.
 */

export type SensitiveDataCategory = 'secret' | 'credit_card' | 'bank_account' | 'national_id' | 'email' | 'phone' | 'ip_address';

export type BuiltinEntityType =
  | 'CREDIT_CARD'
  | 'IBAN'
  | 'EMAIL_ADDRESS'
  | 'PHONE_NUMBER'
  | 'US_SSN'
  | 'IP_ADDRESS'
  | 'AWS_ACCESS_KEY_ID'
  | 'AWS_SECRET_ACCESS_KEY'
  | 'GITHUB_TOKEN'
  | 'GITLAB_TOKEN'
  | 'SLACK_TOKEN'
  | 'SLACK_WEBHOOK_URL'
  | 'STRIPE_API_KEY'
  | 'OPENAI_API_KEY'
  | 'ANTHROPIC_API_KEY'
  | 'GOOGLE_API_KEY'
  | 'HUGGINGFACE_TOKEN'
  | 'SENDGRID_API_KEY'
  | 'NPM_TOKEN'
  | 'DATADOG_API_KEY'
  | 'JWT'
  | 'BEARER_TOKEN'
  | 'PRIVATE_KEY';

/** What happens to a match: replaced by a placeholder, partly masked, replaced by a keyed hash, or only reported. */
export type SensitiveDataAction = 'redact' | 'partial' | 'hash' | 'report';

export const SENSITIVE_DATA_ACTIONS: readonly SensitiveDataAction[] = ['redact', 'partial', 'hash', 'report'];

export const BUILTIN_CATEGORY: Readonly<Record<BuiltinEntityType, SensitiveDataCategory>> = {
  CREDIT_CARD: 'credit_card',
  IBAN: 'bank_account',
  EMAIL_ADDRESS: 'email',
  PHONE_NUMBER: 'phone',
  US_SSN: 'national_id',
  IP_ADDRESS: 'ip_address',
  AWS_ACCESS_KEY_ID: 'secret',
  AWS_SECRET_ACCESS_KEY: 'secret',
  GITHUB_TOKEN: 'secret',
  GITLAB_TOKEN: 'secret',
  SLACK_TOKEN: 'secret',
  SLACK_WEBHOOK_URL: 'secret',
  STRIPE_API_KEY: 'secret',
  OPENAI_API_KEY: 'secret',
  ANTHROPIC_API_KEY: 'secret',
  GOOGLE_API_KEY: 'secret',
  HUGGINGFACE_TOKEN: 'secret',
  SENDGRID_API_KEY: 'secret',
  NPM_TOKEN: 'secret',
  DATADOG_API_KEY: 'secret',
  JWT: 'secret',
  BEARER_TOKEN: 'secret',
  PRIVATE_KEY: 'secret',
};

export const BUILTIN_ENTITY_TYPES = Object.keys(BUILTIN_CATEGORY) as BuiltinEntityType[];

/** Default action per category (spec §4): secrets, ids and contact data gone; the last 4 of payment data kept; IPs hashed so they still group. */
export const DEFAULT_CATEGORY_ACTIONS: Readonly<Record<SensitiveDataCategory, SensitiveDataAction>> = {
  secret: 'redact',
  credit_card: 'partial',
  bank_account: 'partial',
  national_id: 'redact',
  email: 'redact',
  phone: 'redact',
  ip_address: 'hash',
};

export const BUILTIN_CATEGORIES = Object.keys(DEFAULT_CATEGORY_ACTIONS) as SensitiveDataCategory[];

/** The placeholder type of a field replaced whole because it could not be scanned (fail closed). */
export const UNSCANNED = 'UNSCANNED';
