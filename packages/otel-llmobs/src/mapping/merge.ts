import type { Metrics, SpanIO, TagValue } from '../conventions/model.js';
import type { Contribution } from './contribution.js';

/** Merge contributions given in precedence order (most authoritative first). */
export function mergeContributions(contributions: readonly Contribution[]): Contribution {
  const merged: Contribution = {};
  const metadata: Record<string, unknown> = {};
  const metrics: Metrics = {};
  const tags: Record<string, TagValue> = {};
  for (const c of contributions) {
    merged.name ??= nonEmpty(c.name);
    merged.modelName ??= nonEmpty(c.modelName);
    merged.modelProvider ??= nonEmpty(c.modelProvider);
    merged.sessionId ??= nonEmpty(c.sessionId);
    merged.userId ??= nonEmpty(c.userId);
    if (!merged.toolDefinitions && c.toolDefinitions && c.toolDefinitions.length > 0) merged.toolDefinitions = c.toolDefinitions;
    merged.input = mergeIO(merged.input, c.input);
    merged.output = mergeIO(merged.output, c.output);
    fillMissing(metadata, c.metadata);
    fillMissing(metrics, c.metrics);
    fillMissing(tags, c.tags);
  }
  merged.metadata = metadata;
  merged.metrics = metrics;
  merged.tags = tags;
  return merged;
}

function mergeIO(current: SpanIO | undefined, next: SpanIO | undefined): SpanIO | undefined {
  if (!next) return current;
  const io: SpanIO = current ?? {};
  if (!io.messages && next.messages && next.messages.length > 0) io.messages = next.messages;
  if (!io.documents && next.documents && next.documents.length > 0) io.documents = next.documents;
  if (io.value === undefined && nonEmpty(next.value) !== undefined) io.value = next.value;
  if (!io.prompt && next.prompt) io.prompt = next.prompt;
  return io;
}

function fillMissing<T>(target: Record<string, T>, source: Record<string, T> | undefined): void {
  if (!source) return;
  for (const key of Object.keys(source)) {
    const value = source[key];
    // Own keys only: `'constructor' in {}` is true, and `target['__proto__'] = v` replaces the prototype.
    if (value !== undefined && key !== '__proto__' && !Object.hasOwn(target, key)) target[key] = value;
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v !== '' ? v : undefined;
}
