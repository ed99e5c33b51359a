import { tryParseJson } from './attributes.js';

/**
 * The text LLM Observability shows as an embedding span's output: Datadog's own integrations write
 * `"[N embedding(s) returned with size D]"` instead of the vectors (spec conventions §6.5).
 * Vectors may be number arrays or JSON text of one (Vercel `ai.embeddings`); the size is the
 * dimension of the first vector, 0 when it cannot be read.
 */
export function summarizeEmbeddings(vectors: readonly unknown[]): string {
  return `[${vectors.length} embedding(s) returned with size ${vectorSize(vectors[0])}]`;
}

function vectorSize(vector: unknown): number {
  if (Array.isArray(vector)) return vector.length;
  if (typeof vector === 'string') {
    const parsed = tryParseJson(vector);
    if (parsed.ok && Array.isArray(parsed.value)) return parsed.value.length;
  }
  return 0;
}
