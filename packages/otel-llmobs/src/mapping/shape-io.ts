import type { Document, Message, SpanIO, SpanKind } from '../conventions/model.js';
import { lastMessageText, toValueString } from './values.js';

/**
 * Give each side of a span the one shape LLM Observability expects for its kind
 * (llm: messages; embedding: documents in, value out; retrieval: value in, documents out;
 * everything else: value), converting from whatever the conventions supplied. A convention that
 * only has messages for an agent span (OTel `invoke_agent`) gives the last user message as the
 * input value and the last assistant message as the output value.
 */
export function shapeIO(kind: SpanKind, side: 'input' | 'output', io: SpanIO | undefined): SpanIO {
  const src = io ?? {};
  const shaped: SpanIO = {};
  switch (wantedShape(kind, side)) {
    case 'messages': {
      const messages = src.messages ?? (src.value !== undefined ? [{ role: '', content: src.value }] : undefined);
      if (messages && messages.length > 0) shaped.messages = messages;
      if (side === 'input' && src.prompt) shaped.prompt = src.prompt;
      break;
    }
    case 'documents': {
      const documents = src.documents ?? messagesToDocuments(src.messages) ?? (src.value !== undefined ? [{ text: src.value }] : undefined);
      if (documents && documents.length > 0) shaped.documents = documents;
      break;
    }
    case 'value': {
      const value = src.value ?? messagesToValue(src.messages, side) ?? (src.documents ? toValueString(src.documents) : undefined);
      if (value !== undefined && value !== '') shaped.value = value;
      break;
    }
  }
  return shaped;
}

function wantedShape(kind: SpanKind, side: 'input' | 'output'): 'messages' | 'documents' | 'value' {
  if (kind === 'llm') return 'messages';
  if (kind === 'embedding') return side === 'input' ? 'documents' : 'value';
  if (kind === 'retrieval') return side === 'input' ? 'value' : 'documents';
  return 'value';
}

function messagesToDocuments(messages: readonly Message[] | undefined): Document[] | undefined {
  if (!messages) return undefined;
  const docs = messages.filter((m) => m.content !== undefined).map((m) => ({ text: m.content }));
  return docs.length > 0 ? docs : undefined;
}

function messagesToValue(messages: readonly Message[] | undefined, side: 'input' | 'output'): string | undefined {
  return lastMessageText(messages, side === 'input' ? 'user' : 'assistant');
}
