// @otel-llmobs/cli as a library: the dev intake's pieces, for tests and for other commands (the OTLP
// gateway) that reuse the server's route table and the store.
export { runDev, type RunDevOptions, type RunningDev } from './dev/run-dev.js';
export { startDevServer, devRoutes, DEFAULT_HOST, DEFAULT_PORT, type DevServer, type DevServerOptions } from './dev/server.js';
export type { Route, RouteContext, RouteMethod } from './dev/router.js';
export {
  DevStore,
  DEFAULT_RETENTION,
  type DevStoreOptions,
  type Retention,
  type SpanToStore,
  type RequestWrite,
  type WriteResult,
} from './dev/store/dev-store.js';
export { openSqlite, type SqliteDriverChoice, type SqliteDriverName } from './dev/store/sqlite.js';
export { ingestSpans, ingestEvaluations, type IngestOutcome, type IntakeRequest, type IntakeResponseBody } from './dev/ingest.js';
export { validateSpanPayload, validateEnvelope, type SpanPayloadReport, type SpanEventReport } from './dev/validate/span-payload.js';
export { validateSpanEvent } from './dev/validate/span-event.js';
export { validateEvaluationPayload, validateEvaluationMetric, type EvaluationPayloadReport } from './dev/validate/evaluation.js';
export { ViolationList, type Violation, type Severity } from './dev/validate/violations.js';
export { TracePrinter, renderTraceTree, type TracePrinterOptions } from './dev/terminal-tree.js';
export type { WireSpanEvent, WireEvaluationMetric, SpanKind } from './shared/wire.js';
