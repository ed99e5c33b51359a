import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The package's public surface, one name a line. An export that is not listed here fails the test,
// so the surface grows only on purpose: adding an export is adding its line (values are what
// exists at run time; types are type-only exports). The root is what applications use;
// `otel-llmobs/internals` is what the CLI and tools use (docs/internals.md).
const SURFACE = {
  'src/index.ts': {
    values: [
      'createEvaluationWriter',
      'createLLMObs',
      'datadogOtlpExporterConfig',
      'EVALUATOR_LABELS',
      'llmobs',
      'LLMObsExporter',
      'LLMObsLogRecordProcessor',
      'LLMObsPropagator',
      'LLMObsSpanProcessor',
      'readLLMObsSpan',
      'scanSensitiveData',
    ],
    types: [
      'AnnotationAgentManifest',
      'AnnotationContextOptions',
      'AnnotationDocument',
      'AnnotationMediaPart',
      'AnnotationMessage',
      'AnnotationOptions',
      'AnnotationPrompt',
      'AnnotationToolCall',
      'AnnotationToolDefinition',
      'AnnotationToolResult',
      'AwsCredentials',
      'BuiltinEntityType',
      'ChatTemplateMessage',
      'CreateLLMObsOptions',
      'CustomJudge',
      'DatadogOtlpExporterConfig',
      'DatadogOtlpOptions',
      'DatadogTransportOptions',
      'Document',
      'DropReason',
      'EvaluationBudgetOptions',
      'EvaluationEventLogger',
      'EvaluationJoin',
      'EvaluationMethod',
      'EvaluationMetricOptions',
      'EvaluationMetricType',
      'EvaluationOptions',
      'EvaluationResult',
      'EvaluationsOptions',
      'EvaluationStats',
      'EvaluationTarget',
      'EvaluationWriter',
      'EvaluationWriterOptions',
      'EvaluatorFilterOptions',
      'EvaluatorLabel',
      'EvaluatorsOptions',
      'ExportedLLMObsSpan',
      'ExportMode',
      'ExportResultLike',
      'FailureToAnswerOptions',
      'FetchInitLike',
      'FetchLike',
      'FetchResponseLike',
      'HallucinationOptions',
      'HookIOEntry',
      'HrTime',
      'InstrumentationScopeLike',
      'IntakeWriterStats',
      'JudgeCallOptions',
      'JudgeCompletion',
      'JudgeOptions',
      'JudgeProvider',
      'JudgeRequest',
      'JudgeUsage',
      'KnownMetrics',
      'LanguageDetection',
      'LanguageDetector',
      'LanguageMismatchOptions',
      'LogRecordLike',
      'LogRecordProcessorLike',
      'LLMMetricsOptions',
      'LLMMetricsStats',
      'LLMObs',
      'LLMObsDecorator',
      'LLMObservabilitySpan',
      'LLMObsExporterOptions',
      'LLMObsExporterStats',
      'LLMObsLogRecordProcessorOptions',
      'LLMObsLogRecordProcessorStats',
      'LLMObsNamedSpanOptions',
      'LLMObsNamelessSpanOptions',
      'LLMObsPropagatorOptions',
      'LLMObsSpan',
      'LLMObsSpanHook',
      'LLMObsSpanOptions',
      'LLMObsSpanProcessorOptions',
      'LLMObsSpanProcessorStats',
      'MediaPart',
      'Message',
      'MeterProviderLike',
      'Metrics',
      'ModelPrice',
      'ProcessorSettingsOptions',
      'Prompt',
      'PromptInjectionOptions',
      'ProviderJudgeOptions',
      'ReadableSpanLike',
      'ResourceLike',
      'RetryOptions',
      'SensitiveDataAction',
      'SensitiveDataAllowlist',
      'SensitiveDataCategory',
      'SensitiveDataCustomRule',
      'SensitiveDataEvaluatorOptions',
      'SensitiveDataFinding',
      'SensitiveDataOptions',
      'SensitiveDataScope',
      'SensitiveDataStats',
      'ServiceIdentityOptions',
      'SpanError',
      'SpanExporterLike',
      'SpanFilterInfo',
      'SpanIO',
      'SpanKind',
      'SpanProcessorLike',
      'SpanRef',
      'StartedSpanLike',
      'TagJoin',
      'TagValue',
      'TimedEventLike',
      'ToolCall',
      'ToolDefinition',
      'ToolResult',
      'TopicRelevancyOptions',
      'ToxicityOptions',
      'VendorAttributesMode',
    ],
  },
  'src/internals.ts': {
    values: [
      'attachLLMObsSpan',
      'classifySpan',
      'createEvaluationRunner',
      'createSpanEventScanner',
      'decimalToSpanId',
      'DEFAULT_MODEL_PRICES',
      'DEFAULT_SESSION_KEYS',
      'DEFAULT_USER_KEYS',
      'deriveCanonicalAttributes',
      'deriveCanonicalEvents',
      'encodeEvaluation',
      'encodeEvaluationPayload',
      'encodeSpanEvent',
      'encodeSpanEventsPayload',
      'errorMessage',
      'estimateCost',
      'EVALUATION_METRIC_TYPES',
      'genAIEvaluationEvent',
      'getPropagatedLLMObsContext',
      'isVendorAttribute',
      'LLM_METRIC_INSTRUMENTS',
      'LLMMetricsRecorder',
      'LLMOBS_ATTR',
      'LLMOBS_PROPAGATION_TAGS',
      'mapSpan',
      'MAX_PAYLOAD_BYTES',
      'MODEL_KINDS',
      'OPERATION_BY_KIND',
      'PriceTable',
      'reconcileNestedModelSpans',
      'ROOT_PARENT_ID',
      'SPAN_KINDS',
      'spanIdToDecimal',
      'stringifySafely',
      'toCanonicalAttributes',
      'validateEvaluation',
    ],
    types: [
      'CanonicalSource',
      'CostEstimate',
      'DeriveSource',
      'EvaluationDefaults',
      'EvaluationIdFormat',
      'EvaluationMetric',
      'EvaluationMetricInput',
      'EvaluationStage',
      'MappedSpan',
      'MappingOptions',
      'MetricSpan',
      'NestedModelChild',
      'PropagatedLLMObsContext',
      'SpanData',
      'SpanEvent',
      'SpanEventContext',
      'SpanEventData',
      'SpanEventScanner',
      'ValidatedEvaluation',
      'VendorAttributes',
      'WireAgentAttribution',
      'WireChatTemplateEntry',
      'WireDocument',
      'WireEvaluationJoin',
      'WireEvaluationMetric',
      'WireIO',
      'WireMediaPart',
      'WireMessage',
      'WirePrompt',
      'WireSpanEvent',
      'WireSpanMeta',
      'WireToolCall',
      'WireToolDefinition',
      'WireToolResult',
    ],
  },
} as const;

const packageDir = resolve(import.meta.dirname, '..');

/** Every name an entry exports, split into values and type-only names, as the TypeScript checker sees them. */
interface EntryExports {
  values: string[];
  types: string[];
  /** Exports whose declaration has no TSDoc comment. */
  undocumented: string[];
  /** Exports whose TSDoc has an `@example`. */
  withExample: string[];
}

function exportsOf(entries: readonly string[]): Map<string, EntryExports> {
  const files = entries.map((entry) => resolve(packageDir, entry));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const out = new Map<string, EntryExports>();
  entries.forEach((entry, i) => {
    const source = program.getSourceFile(files[i]!);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`cannot read ${entry}`);
    const names: EntryExports = { values: [], types: [], undocumented: [], withExample: [] };
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const typeOnly = symbol.declarations?.some((d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly)) ?? false;
      (!typeOnly && target.flags & ts.SymbolFlags.Value ? names.values : names.types).push(symbol.name);
      if (ts.displayPartsToString(target.getDocumentationComment(checker)).trim() === '') names.undocumented.push(symbol.name);
      if (target.getJsDocTags(checker).some((tag) => tag.name === 'example')) names.withExample.push(symbol.name);
    }
    out.set(entry, { ...names, values: names.values.sort(), types: names.types.sort() });
  });
  return out;
}

describe('public surface', () => {
  const actual = exportsOf(Object.keys(SURFACE));

  it.each(Object.keys(SURFACE) as Array<keyof typeof SURFACE>)('%s exports exactly the listed names', (entry) => {
    const { values, types } = actual.get(entry)!;
    expect({ values, types }).toEqual({ values: [...SURFACE[entry].values].sort(), types: [...SURFACE[entry].types].sort() });
  });

  it('every export has TSDoc, and the entry points an @example', () => {
    for (const [entry, names] of actual) expect(names.undocumented, entry).toEqual([]);
    const root = actual.get('src/index.ts')!;
    for (const entryPoint of ['LLMObsSpanProcessor', 'LLMObsExporter', 'LLMObsPropagator', 'llmobs', 'createEvaluationWriter', 'datadogOtlpExporterConfig']) {
      expect(root.withExample, entryPoint).toContain(entryPoint);
    }
  });

  it('the entries share no name: each thing has one place', () => {
    const root = actual.get('src/index.ts')!;
    const internals = actual.get('src/internals.ts')!;
    const rootNames = new Set([...root.values, ...root.types]);
    expect([...internals.values, ...internals.types].filter((name) => rootNames.has(name))).toEqual([]);
  });

  // Importing all of src is slow on a busy machine: a generous bound, not a speed check.
  it('at run time, each entry has exactly its listed values', { timeout: 60_000 }, async () => {
    const root = (await import('../src/index.js')) as Record<string, unknown>;
    const internals = (await import('../src/internals.js')) as Record<string, unknown>;
    expect(Object.keys(root).sort()).toEqual([...SURFACE['src/index.ts'].values].sort());
    expect(Object.keys(internals).sort()).toEqual([...SURFACE['src/internals.ts'].values].sort());
  });
});
