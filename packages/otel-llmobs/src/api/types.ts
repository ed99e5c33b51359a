import type { TracerProvider } from '@opentelemetry/api';
import type { SpanKind } from '../conventions/model.js';
import type { EvaluationOptions } from '../datadog/encode-evaluation.js';
import type { EvaluationWriter } from '../datadog/evaluation-writer.js';

/**
 * Option types of the `llmobs` API: the names and shapes of dd-trace-js `tracer.llmobs`
 * (`index.d.ts`, namespace `llmobs`), so code written for it type-checks and runs unchanged.
 */

export interface LLMObsSpanOptions {
  /** `agent`, `workflow`, `task`, `tool`, `retrieval`, `embedding` or `llm`. */
  kind: SpanKind;
  /** Session id; inherited by every LLM Observability span below. */
  sessionId?: string;
  /** ml_app of this span and its descendants (default: the processor's `mlApp` / `DD_LLMOBS_ML_APP`). */
  mlApp?: string;
  /** `llm` and `embedding` spans only. */
  modelName?: string;
  /** `llm` and `embedding` spans only; lower-cased; `custom` when absent. */
  modelProvider?: string;
}

/** Options of `llmobs.trace()`, `wrap()` and `decorate()`: the kind, and the name. */
export interface LLMObsNamedSpanOptions extends LLMObsSpanOptions {
  /** Defaults to the kind. */
  name?: string;
}

/** The same options as `LLMObsNamedSpanOptions` (kept for dd-trace's name). */
export type LLMObsNamelessSpanOptions = LLMObsNamedSpanOptions;

/** `llmobs.exportSpan()`'s result: the ids an evaluation joins on, as the exporter sends them. */
export interface ExportedLLMObsSpan {
  /** LLM Observability trace id: 32 lowercase hex digits, exactly what the exporter sends. */
  traceId: string;
  /** Span id as an unsigned 64-bit decimal string, exactly what the exporter sends. */
  spanId: string;
}

/** A tool call in an annotated message. */
export interface AnnotationToolCall {
  name?: string;
  arguments?: Record<string, unknown>;
  toolId?: string;
  type?: string;
}

/** A tool result in an annotated message. */
export interface AnnotationToolResult {
  result?: string;
  toolId?: string;
  name?: string;
  type?: string;
}

/** An audio or image part of an annotated message. */
export interface AnnotationMediaPart {
  mimeType: string;
  content?: string;
  attachmentKey?: string;
}

/** A message passed to `annotate({ inputData, outputData })` on an `llm` span. */
export interface AnnotationMessage {
  content?: string;
  role?: string;
  toolCalls?: AnnotationToolCall[];
  toolResults?: AnnotationToolResult[];
  toolId?: string;
  audioParts?: AnnotationMediaPart[];
  imageParts?: AnnotationMediaPart[];
}

/** A document passed to `annotate()` on an embedding input or a retrieval output. */
export interface AnnotationDocument {
  text?: string;
  name?: string;
  id?: string;
  score?: number;
}

/** The prompt template passed to `annotate({ prompt })` or `annotationContext({ prompt })`. */
export interface AnnotationPrompt {
  id?: string;
  version?: string;
  /** A string template, or chat messages (`[{role, content}]`). */
  template?: string | Array<{ role: string; content: string }>;
  variables?: Record<string, string>;
  /** Variable names holding the RAG context. Default `['context']`. */
  contextVariables?: string[];
  /** Variable names holding the RAG query. Default `['question']`. */
  queryVariables?: string[];
  tags?: Record<string, string>;
  promptUuid?: string;
  promptVersionUuid?: string;
}

/** A tool definition passed to `annotate({ toolDefinitions })`. */
export interface AnnotationToolDefinition {
  name: string;
  description?: string;
  schema?: Record<string, unknown>;
  version?: string;
}

/** `annotate({ agent })`: the agent manifest of an `agent` span (`metadata._dd.agent_manifest`). */
export interface AnnotationAgentManifest {
  name?: string;
  instructions?: string;
  model?: string;
  modelSettings?: Record<string, unknown>;
  tools?: unknown[];
}

/** What `llmobs.annotate()` sets on a span (docs/api.md): input, output, metadata, metrics, tags, prompt, tool definitions, agent manifest. */
export interface AnnotationOptions {
  /** llm: messages; embedding: documents; anything else: any JSON-serializable value. */
  inputData?: unknown;
  /** llm: messages; retrieval: documents; anything else: any JSON-serializable value. */
  outputData?: unknown;
  /** Merged into earlier metadata of the span. */
  metadata?: Record<string, unknown>;
  /** Numbers; `inputTokens`, `outputTokens`, … are renamed to the wire names. Merged. */
  metrics?: Record<string, number>;
  /** Merged into earlier tags; a key set again keeps its place with the new value. */
  tags?: Record<string, unknown>;
  /** Tag keys whose values LLM Observability cost metrics are split by (`metadata._dd.cost_tags`). */
  costTags?: string[];
  /** `llm` spans only. */
  prompt?: AnnotationPrompt;
  toolDefinitions?: AnnotationToolDefinition[];
  /** `agent` spans only. */
  agent?: AnnotationAgentManifest;
}

/** Options of `llmobs.annotationContext()`: tags, name and prompt for every LLM Observability span started inside. */
export interface AnnotationContextOptions {
  tags?: Record<string, unknown>;
  /** Renames every LLM Observability span started inside. */
  name?: string;
  /** Applied to `llm` spans started inside that have no prompt of their own. */
  prompt?: AnnotationPrompt;
}

/** `submitEvaluation()` options: the evaluation writer's, so the two cannot drift apart. */
export type EvaluationMetricOptions = EvaluationOptions;

/** The span an evaluation is about: `exportSpan()`'s result, an OTel `SpanContext`, or a tag to join on. */
export type EvaluationTarget = ExportedLLMObsSpan | { traceId: string; spanId: string; traceFlags?: number } | { tag: { key: string; value: string } };

/** Options of `createLLMObs()`: the tracer provider and the evaluation writer of a separate instance. */
export interface CreateLLMObsOptions {
  /** Where spans are created. Default: the global tracer provider, looked up at each call. */
  tracerProvider?: TracerProvider;
  /** Receives `submitEvaluation()`. Default: created from the environment at the first evaluation. */
  evaluationWriter?: EvaluationWriter;
}
