import type { Attributes } from '@opentelemetry/api';
import { readFirst } from './attributes.js';

/**
 * Session and user identity have no standard key (spec conventions §11.7). These lists are the
 * defaults, `gen_ai.conversation.id` first; `MappingOptions.sessionKeys` / `userKeys` replace them.
 * Our own `_dd.ml_obs.session_id` / `_dd.ml_obs.user_id` always win.
 */
export const DEFAULT_SESSION_KEYS: readonly string[] = [
  'gen_ai.conversation.id',
  'session.id',
  'traceloop.association.properties.session_id',
  'traceloop.association.properties.sessionId',
  'traceloop.association.properties.conversation_id',
  'ai.telemetry.metadata.sessionId',
  'ai.telemetry.metadata.session_id',
  'ai.settings.context.sessionId',
  'ai.settings.context.session_id',
  'langfuse.session.id',
];

/** The attributes a user id is read from, first found wins (`userKeys` replaces them). */
export const DEFAULT_USER_KEYS: readonly string[] = [
  'user.id',
  'enduser.id',
  'traceloop.association.properties.user_id',
  'traceloop.association.properties.userId',
  'ai.telemetry.metadata.userId',
  'ai.telemetry.metadata.user_id',
  'ai.settings.context.userId',
  'ai.settings.context.user_id',
  'langfuse.user.id',
];

export function readSessionId(attrs: Attributes, keys: readonly string[] = DEFAULT_SESSION_KEYS): string | undefined {
  return readFirst(attrs, keys);
}

export function readUserId(attrs: Attributes, keys: readonly string[] = DEFAULT_USER_KEYS): string | undefined {
  return readFirst(attrs, keys);
}
