import { readNumberEnv } from './env.js';
import { checkNumber, invalidConfig } from './invalid-config.js';

export interface PropagatorSettingsOptions {
  /**
   * Longest `x-datadog-tags` header written or read (env `DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH`, as
   * dd-trace). `0` turns LLM Observability propagation off. Default 512.
   */
  maxTagsLength?: number;
}

export interface ResolvedPropagatorSettings {
  maxTagsLength: number;
}

export const PROPAGATOR_DEFAULTS = { maxTagsLength: 512 } as const;

/** Code > environment > default; throws a `TypeError` on a bad code value, warns on a bad environment value. */
export function resolvePropagatorSettings(options: PropagatorSettingsOptions = {}): ResolvedPropagatorSettings {
  if (options === null || typeof options !== 'object') throw invalidConfig('options', 'an object', options);
  return {
    maxTagsLength:
      checkNumber('maxTagsLength', options.maxTagsLength, { integer: true, min: 0 }) ??
      readNumberEnv(['DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH'], { integer: true, min: 0 }) ??
      PROPAGATOR_DEFAULTS.maxTagsLength,
  };
}
