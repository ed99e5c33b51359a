// Retrieval over the in-memory travel guide: embed the query (an `embedding` span), rank the documents by
// cosine similarity (a `retrieval` span whose output is the documents with their scores).
import type OpenAI from 'openai';
import { llmobs } from 'otel-llmobs';
import type { GuideDocument } from './corpus.js';

export const EMBEDDING_MODEL = 'text-embedding-3-small';

export interface ScoredDocument extends GuideDocument {
  score: number;
}

export interface GuideIndex {
  search(query: string, topK?: number): Promise<ScoredDocument[]>;
}

/**
 * Embeds the documents once, up front. That call is not part of any request's trace (and OpenLLMetry's
 * OpenAI instrumentation does not trace embeddings), so it leaves no span.
 */
export async function buildIndex(client: OpenAI, documents: readonly GuideDocument[]): Promise<GuideIndex> {
  const response = await client.embeddings.create({ model: EMBEDDING_MODEL, input: documents.map((d) => `${d.title}. ${d.text}`) });
  const vectors = response.data.map((d) => d.embedding);

  // The query's embedding, as an LLM Observability `embedding` span: the model, the input as a document,
  // a summary of the output, and the tokens.
  const embedQuery = (query: string): Promise<number[]> =>
    llmobs.trace({ kind: 'embedding', name: 'embed-query', modelName: EMBEDDING_MODEL, modelProvider: 'openai' }, async () => {
      const result = await client.embeddings.create({ model: EMBEDDING_MODEL, input: query });
      const vector = result.data[0]?.embedding ?? [];
      llmobs.annotate({
        inputData: [{ text: query }],
        outputData: `[1 embedding(s) returned with size ${vector.length}]`,
        metrics: { inputTokens: result.usage.prompt_tokens },
      });
      return vector;
    });

  return {
    search: (query, topK = 3) =>
      llmobs.trace({ kind: 'retrieval', name: 'search-guide' }, async () => {
        llmobs.annotate({ inputData: query, metadata: { top_k: topK, corpus_size: documents.length } });
        const queryVector = await embedQuery(query);
        const ranked = documents
          .map((doc, i) => ({ ...doc, score: round(cosine(queryVector, vectors[i] ?? [])) }))
          .sort((a, b) => b.score - a.score)
          .slice(0, topK);
        llmobs.annotate({ outputData: ranked.map((d) => ({ id: d.id, name: d.title, text: d.text, score: d.score })) });
        return ranked;
      }),
  };
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
