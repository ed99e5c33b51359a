// @otel-llmobs/cli as a library: the dev intake's pieces, for tests and for other commands (the OTLP
// gateway) that reuse the server's route table and the store.
export { runDev, type RunDevOptions, type RunningDev } from './dev/run-dev.js';
export { startDevServer, devRoutes, DEFAULT_HOST, DEFAULT_PORT, type DevServer, type DevServerOptions } from './dev/server.js';
export type { Route, RouteContext, RouteMethod } from './server/router.js';
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

// OTLP receiver and the OTLP → LLM Observability gateway (`otel-llmobs gateway`, and `/v1/traces` on `otel-llmobs dev`).
export { decodeTraceRequestProtobuf } from './otlp/decode-protobuf.js';
export { decodeTraceRequestJson } from './otlp/decode-json.js';
export { OtlpDecodeError } from './otlp/otlp-model.js';
export type { DecodedTraceRequest, OtlpEvent, OtlpLink, OtlpResourceSpans, OtlpScope, OtlpScopeSpans, OtlpSpan, OtlpTraceRequest } from './otlp/otlp-model.js';
export { exportResponseJson, exportResponseProtobuf } from './otlp/responses.js';
export {
  createOtlpTracesHandler,
  otlpTracesRoute,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  TOKEN_HEADER,
  type OtlpHandler,
  type OtlpReceiverOptions,
  type OtlpSink,
  type ReceiverOutcome,
} from './otlp/receiver.js';
export { createDevOtlpReceiver, DevStoreExporter, type DevOtlpReceiver, type DevOtlpReceiverOptions } from './dev/otlp-receiver.js';
export { OtlpPipeline, withoutServiceIdentityEnv, type OtlpPipelineOptions, type OtlpPipelineStats } from './otlp/otlp-pipeline.js';
export { TraceBuffer, TRACE_BUFFER_DEFAULTS, type FlushReason, type TraceBufferOptions, type TraceBufferStats } from './otlp/trace-buffer.js';
export { toBufferedSpans, type BufferedSpan } from './otlp/replay-span.js';
export { replayTrace } from './otlp/replay.js';
export { startGateway, DEFAULT_GATEWAY_HOST, DEFAULT_GATEWAY_PORT, type GatewayOptions, type GatewayStats, type RunningGateway } from './gateway/gateway.js';
export { runGateway, type RunGatewayOptions, type RunningGatewayCommand } from './gateway/run-gateway.js';
export { parseGatewayArgs, GATEWAY_HELP } from './gateway/options.js';
