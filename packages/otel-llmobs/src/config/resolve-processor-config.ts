import { diag } from '@opentelemetry/api';
import { readBooleanEnv, readEnv, warnInvalidEnv } from './env.js';
import { checkBoolean, checkNumber, checkString, invalidConfig } from './invalid-config.js';
import { resolveService } from './service-identity.js';

export type ExportMode = 'batched' | 'immediate';

/** What happens to the source conventions' attributes on spans sent to a non-Datadog exporter (see docs/otlp.md). */
export type VendorAttributesMode = 'strip' | 'keep';

/** The processor's plain-value settings (functions and the exporter are checked by the processor). */
export interface ProcessorSettingsOptions {
  /** Turn the processor off entirely (env `DD_LLMOBS_ENABLED`). Default true. */
  enabled?: boolean;
  /** Default ml_app (env `DD_LLMOBS_ML_APP`). Falls back to the service name. */
  mlApp?: string;
  /** Service name used as the last ml_app fallback (env `DD_SERVICE`, `DD_SERVICE_NAME`, `OTEL_SERVICE_NAME`; else the resource's `service.name`). */
  service?: string;
  /** Share of traces exported, 0..1, decided per trace from the trace id (env `DD_LLMOBS_SAMPLE_RATE`). Default 1. */
  sampleRate?: number;
  /**
   * `batched` (default): the downstream sends on its own schedule. `immediate`: the request starts
   * when the span ends and `forceFlush()` awaits it (env `OTEL_LLMOBS_EXPORT_MODE`; default
   * `immediate` on AWS Lambda, whose frozen sandbox never reaches a timer).
   */
  mode?: ExportMode;
  /**
   * The longest `forceFlush()` and `shutdown()` wait for the downstream (and one `export()`
   * callback of a plain exporter); they always resolve by then. Default 35 000 ms: a little more
   * than the exporters' own 30 s, so that theirs ends first and reports what it dropped.
   */
  flushTimeoutMillis?: number;
  /** Most live (started, not ended) spans remembered across all traces. Default 10 000. */
  maxLiveSpans?: number;
  /** Most live spans remembered per trace. Default 1000. */
  maxLiveSpansPerTrace?: number;
  /** Attribute keys holding a session id (see `DEFAULT_SESSION_KEYS`). */
  sessionKeys?: readonly string[];
  /** Attribute keys holding a user id (see `DEFAULT_USER_KEYS`). */
  userKeys?: readonly string[];
  /**
   * With an exporter other than `LLMObsExporter` (OTLP …), whose spans carry the canonical OTel
   * GenAI attributes: `strip` (default) drops the attributes and message events of the conventions
   * the span was mapped from, `keep` leaves them beside the canonical ones (env
   * `OTEL_LLMOBS_VENDOR_ATTRIBUTES`). Strip is the default because only then does a backend see one
   * description, a `beforeExport` redaction reach every copy of the content, and content travel once.
   */
  vendorAttributes?: VendorAttributesMode;
}

export interface ResolvedProcessorSettings {
  enabled: boolean;
  mlApp: string | undefined;
  service: string | undefined;
  sampleRate: number;
  mode: ExportMode;
  flushTimeoutMillis: number;
  maxLiveSpans: number;
  maxLiveSpansPerTrace: number;
  sessionKeys: readonly string[] | undefined;
  userKeys: readonly string[] | undefined;
  vendorAttributes: VendorAttributesMode;
}

export const PROCESSOR_DEFAULTS = {
  enabled: true,
  sampleRate: 1,
  mode: 'batched',
  flushTimeoutMillis: 35_000,
  maxLiveSpans: 10_000,
  maxLiveSpansPerTrace: 1000,
  vendorAttributes: 'strip',
} as const;

const logger = diag.createComponentLogger({ namespace: 'otel-llmobs/config' });

/** Code > environment > default. Throws a `TypeError` on a bad code value; warns and falls back on a bad environment value. */
export function resolveProcessorSettings(options: ProcessorSettingsOptions = {}): ResolvedProcessorSettings {
  if (options === null || typeof options !== 'object') throw invalidConfig('options', 'an object', options);
  warnRemovedBatchOptions(options);
  return {
    enabled: checkBoolean('enabled', options.enabled) ?? readBooleanEnv(['DD_LLMOBS_ENABLED']) ?? PROCESSOR_DEFAULTS.enabled,
    mlApp: checkString('mlApp', options.mlApp) ?? readEnv('DD_LLMOBS_ML_APP'),
    service: resolveService(options.service),
    sampleRate: resolveSampleRate(options.sampleRate),
    mode: resolveMode(options.mode),
    flushTimeoutMillis: checkNumber('flushTimeoutMillis', options.flushTimeoutMillis, { min: 1 }) ?? PROCESSOR_DEFAULTS.flushTimeoutMillis,
    maxLiveSpans: checkNumber('maxLiveSpans', options.maxLiveSpans, { integer: true, min: 1 }) ?? PROCESSOR_DEFAULTS.maxLiveSpans,
    maxLiveSpansPerTrace:
      checkNumber('maxLiveSpansPerTrace', options.maxLiveSpansPerTrace, { integer: true, min: 1 }) ?? PROCESSOR_DEFAULTS.maxLiveSpansPerTrace,
    sessionKeys: checkKeyList('sessionKeys', options.sessionKeys),
    userKeys: checkKeyList('userKeys', options.userKeys),
    vendorAttributes:
      resolveChoice('vendorAttributes', options.vendorAttributes, 'OTEL_LLMOBS_VENDOR_ATTRIBUTES', VENDOR_ATTRIBUTES_MODES) ?? PROCESSOR_DEFAULTS.vendorAttributes,
  };
}

/** The batching options of the processor's former own queue: batching is now the `next` processor's. */
const REMOVED_BATCH_OPTIONS = ['scheduledDelayMillis', 'maxExportBatchSize', 'maxQueueSize', 'exportTimeoutMillis'] as const;

function warnRemovedBatchOptions(options: object): void {
  const found = REMOVED_BATCH_OPTIONS.filter((name) => (options as Record<string, unknown>)[name] !== undefined);
  if (found.length === 0) return;
  logger.warn(
    `Configuration: ${found.join(', ')} ${found.length === 1 ? 'is' : 'are'} ignored: the processor no longer batches. ` +
      'Batch with a processor of your SDK instead (next: new BatchSpanProcessor(exporter, { scheduledDelayMillis, … })); ' +
      "LLMObsExporter batches on its own (its own options), and the processor's forceFlush()/shutdown() bound is flushTimeoutMillis",
  );
}

const EXPORT_MODES: readonly ExportMode[] = ['batched', 'immediate'];
const VENDOR_ATTRIBUTES_MODES: readonly VendorAttributesMode[] = ['strip', 'keep'];

function resolveMode(code: unknown): ExportMode {
  const mode = resolveChoice('mode', code, 'OTEL_LLMOBS_EXPORT_MODE', EXPORT_MODES);
  if (mode !== undefined) return mode;
  // A Lambda invocation freezes as soon as the handler returns: batches would wait for the next one.
  return readEnv('AWS_LAMBDA_FUNCTION_NAME') !== undefined ? 'immediate' : PROCESSOR_DEFAULTS.mode;
}

/** One of `choices`: from code (throws otherwise), else from `envName` (case-insensitive; warns otherwise), else `undefined`. */
function resolveChoice<T extends string>(name: string, code: unknown, envName: string, choices: readonly T[]): T | undefined {
  const expected = choices.map((c) => `'${c}'`).join(' or ');
  const isChoice = (value: unknown): value is T => typeof value === 'string' && (choices as readonly string[]).includes(value);
  if (code !== undefined) {
    if (!isChoice(code)) throw invalidConfig(name, expected, code);
    return code;
  }
  const env = readEnv(envName);
  if (env === undefined) return undefined;
  const value = env.toLowerCase();
  if (isChoice(value)) return value;
  warnInvalidEnv(envName, expected, env);
  return undefined;
}

function resolveSampleRate(code: unknown): number {
  if (code !== undefined) {
    if (typeof code !== 'number' || !Number.isFinite(code) || code < 0 || code > 1) throw invalidConfig('sampleRate', 'a number between 0 and 1', code);
    return code;
  }
  const env = readEnv('DD_LLMOBS_SAMPLE_RATE');
  if (env === undefined) return PROCESSOR_DEFAULTS.sampleRate;
  const n = Number(env);
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    warnInvalidEnv('DD_LLMOBS_SAMPLE_RATE', 'a number between 0 and 1', env);
    return PROCESSOR_DEFAULTS.sampleRate;
  }
  return n;
}

function checkKeyList(name: string, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((k) => typeof k !== 'string' || k === '')) {
    throw invalidConfig(name, 'an array of non-empty strings', value);
  }
  return [...(value as string[])];
}
