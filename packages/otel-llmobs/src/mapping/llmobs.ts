import type { Metrics, TagValue } from '../conventions/model.js';
import { LLMOBS_ATTR } from '../conventions/llmobs-attributes.js';
import { hasPrefix, isRecord, readJson, readNonEmpty, toFiniteNumber } from './attributes.js';
import { coerceIO, coercePrompt } from './coerce.js';
import type { Contribution, ConventionMapper } from './contribution.js';
import { normalizeToolDefinitions } from './tool-definitions.js';
import { toValueString } from './values.js';

/**
 * Our own convention: `_dd.ml_obs.*`, written by the `llmobs` API, and Datadog's two documented
 * OTLP escape hatches (`_dd.ml_obs.metadata`, `_dd.ml_obs.prompt_tracking`) that any producer may
 * set. Highest precedence: these attributes are explicit. `_dd.ml_obs.ml_app` is not mapped here:
 * the processor reads it when the span starts (`resolve-parent.ts`).
 */
export const llmobsMapper: ConventionMapper = {
  id: 'llmobs',
  detect: (span) => hasPrefix(span.attributes, '_dd.ml_obs.'),
  map(span, { problems }) {
    const a = span.attributes;
    const c: Contribution = {};
    c.name = readNonEmpty(a, LLMOBS_ATTR.NAME);
    c.sessionId = readNonEmpty(a, LLMOBS_ATTR.SESSION_ID);
    c.userId = readNonEmpty(a, LLMOBS_ATTR.USER_ID);
    c.modelName = readNonEmpty(a, LLMOBS_ATTR.MODEL_NAME);
    // Annotated providers are lower-cased as dd-trace does, but otherwise kept verbatim.
    const provider = readNonEmpty(a, LLMOBS_ATTR.MODEL_PROVIDER);
    c.modelProvider = provider === undefined ? undefined : provider.toLowerCase();
    c.input = coerceIO(readJson(a, LLMOBS_ATTR.INPUT, problems), problems, LLMOBS_ATTR.INPUT);
    c.output = coerceIO(readJson(a, LLMOBS_ATTR.OUTPUT, problems), problems, LLMOBS_ATTR.OUTPUT);

    const prompt = readJson(a, LLMOBS_ATTR.PROMPT_TRACKING, problems);
    if (prompt !== undefined) {
      const coerced = coercePrompt(prompt, problems, LLMOBS_ATTR.PROMPT_TRACKING);
      if (coerced) c.input = { ...c.input, prompt: coerced };
    }

    const metadata = readJson(a, LLMOBS_ATTR.METADATA, problems);
    if (isRecord(metadata)) c.metadata = metadata;
    else if (metadata !== undefined) problems.push(`${LLMOBS_ATTR.METADATA}: expected a JSON object`);

    const metrics = readJson(a, LLMOBS_ATTR.METRICS, problems);
    if (isRecord(metrics)) {
      const out: Metrics = {};
      for (const [key, value] of Object.entries(metrics)) {
        const n = toFiniteNumber(value);
        if (n !== undefined) out[key] = n;
        else problems.push(`${LLMOBS_ATTR.METRICS}: metric '${key}' is not a number`);
      }
      c.metrics = out;
    }

    const tags = readJson(a, LLMOBS_ATTR.TAGS, problems);
    if (isRecord(tags)) {
      const out: Record<string, TagValue> = {};
      for (const [key, value] of Object.entries(tags)) {
        out[key] = Array.isArray(value) ? value.map((v) => toValueString(v) ?? '') : (toValueString(value) ?? '');
      }
      c.tags = out;
    }

    const tools = readJson(a, LLMOBS_ATTR.TOOL_DEFINITIONS, problems);
    if (tools !== undefined) c.toolDefinitions = normalizeToolDefinitions(tools, problems);

    const annotationErrors = readJson(a, LLMOBS_ATTR.ANNOTATION_ERRORS, problems);
    if (Array.isArray(annotationErrors)) {
      for (const e of annotationErrors) if (typeof e === 'string') problems.push(e);
    }
    return c;
  },
};

