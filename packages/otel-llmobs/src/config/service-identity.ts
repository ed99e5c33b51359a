import { parseDdTags } from './dd-tags.js';
import { readEnv, readFirstEnv } from './env.js';
import { checkString, invalidConfig } from './invalid-config.js';

/** Who is sending: the `service:`, `env:`, `version:` and `DD_TAGS` part of every span's tags. */
export interface ServiceIdentityOptions {
  /** `service:` tag (env `DD_SERVICE`, aliases `DD_SERVICE_NAME`, `OTEL_SERVICE_NAME`; else the resource's `service.name`). */
  service?: string;
  /** `env:` tag (env `DD_ENV`; else the resource's `deployment.environment.name` / `deployment.environment`). */
  env?: string;
  /** `version:` tag (env `DD_VERSION`; else the resource's `service.version`). */
  version?: string;
  /** Tags put first on every span (env `DD_TAGS`, `key:value` comma-separated). Not added to evaluations. */
  tags?: Record<string, string>;
}

export interface ResolvedServiceIdentity {
  service: string | undefined;
  env: string | undefined;
  version: string | undefined;
  ddTags: ReadonlyArray<readonly [string, string]>;
}

export function resolveServiceIdentity(options: ServiceIdentityOptions = {}): ResolvedServiceIdentity {
  return {
    service: resolveService(options.service),
    env: checkString('env', options.env) ?? readEnv('DD_ENV'),
    version: checkString('version', options.version) ?? readEnv('DD_VERSION'),
    ddTags: resolveDdTags(options.tags),
  };
}

/** The service name: code, else `DD_SERVICE` / `DD_SERVICE_NAME` / `OTEL_SERVICE_NAME` (the exporter's `service:` tag, the processor's ml_app fallback). */
export function resolveService(code: unknown): string | undefined {
  return checkString('service', code) ?? readFirstEnv(['DD_SERVICE', 'DD_SERVICE_NAME', 'OTEL_SERVICE_NAME'])?.value;
}

function resolveDdTags(code: unknown): Array<[string, string]> {
  if (code === undefined) {
    const raw = readEnv('DD_TAGS');
    return raw === undefined ? [] : parseDdTags(raw);
  }
  if (code === null || typeof code !== 'object' || Array.isArray(code)) throw invalidConfig('tags', 'an object of string values', code);
  const tags: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(code as Record<string, unknown>)) {
    if (typeof value !== 'string') throw invalidConfig(`tags.${key}`, 'a string', value);
    tags.push([key, value]);
  }
  return tags;
}
