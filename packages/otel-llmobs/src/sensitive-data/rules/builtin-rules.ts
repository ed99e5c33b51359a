import type { BuiltinEntityType } from '../../config/sensitive-data-entities.js';
import { bearerTokenRule } from './bearer.js';
import { emailRule } from './email.js';
import {
  anthropicKeyRule,
  awsAccessKeyIdRule,
  githubTokenRule,
  gitlabTokenRule,
  googleApiKeyRule,
  huggingFaceTokenRule,
  npmTokenRule,
  openaiKeyRule,
  sendgridKeyRule,
  slackTokenRule,
  slackWebhookRule,
  stripeKeyRule,
} from './issuer-tokens.js';
import { jwtRule } from './jwt.js';
import { awsSecretAccessKeyRule, datadogApiKeyRule } from './keyed-secrets.js';
import { usSsnRule } from './national-id.js';
import { ipAddressRule } from './network.js';
import { creditCardRule, ibanRule } from './payment.js';
import { phoneRule } from './phone.js';
import { privateKeyRule } from './private-key.js';
import type { DetectionRule } from './rule.js';

/** The 23 built-in rules, in tie-break order (secrets first, as dd-sds orders its library). */
export const BUILTIN_RULES: ReadonlyArray<DetectionRule & { entityType: BuiltinEntityType }> = [
  privateKeyRule,
  awsAccessKeyIdRule,
  awsSecretAccessKeyRule,
  githubTokenRule,
  gitlabTokenRule,
  slackWebhookRule,
  slackTokenRule,
  stripeKeyRule,
  anthropicKeyRule,
  openaiKeyRule,
  googleApiKeyRule,
  huggingFaceTokenRule,
  sendgridKeyRule,
  npmTokenRule,
  jwtRule,
  bearerTokenRule,
  datadogApiKeyRule,
  creditCardRule,
  ibanRule,
  usSsnRule,
  emailRule,
  ipAddressRule,
  phoneRule,
] as ReadonlyArray<DetectionRule & { entityType: BuiltinEntityType }>;
