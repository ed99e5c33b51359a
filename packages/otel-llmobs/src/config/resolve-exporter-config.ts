import type { DatadogTransportOptions, ResolvedTransportConfig } from './datadog-transport-config.js';
import { resolveTransportConfig } from './datadog-transport-config.js';
import type { ResolvedServiceIdentity, ServiceIdentityOptions } from './service-identity.js';
import { resolveServiceIdentity } from './service-identity.js';

/** Options of `LLMObsExporter`: where to send, and who is sending. */
export interface LLMObsExporterOptions extends DatadogTransportOptions, ServiceIdentityOptions {}

export interface ResolvedExporterConfig {
  transport: ResolvedTransportConfig;
  identity: ResolvedServiceIdentity;
}

/** Code > environment > default. Throws a `TypeError` on a bad code value; warns on a bad environment value. */
export function resolveExporterConfig(options: LLMObsExporterOptions = {}): ResolvedExporterConfig {
  return { transport: resolveTransportConfig(options), identity: resolveServiceIdentity(options) };
}
