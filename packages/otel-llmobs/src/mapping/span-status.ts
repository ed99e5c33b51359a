import type { SpanError } from '../conventions/model.js';
import { readNonEmpty, readString } from './attributes.js';
import type { SpanData } from './span-data.js';

const STATUS_ERROR = 2;

/**
 * Error fields, the same for every convention: the OTel status says whether the span failed; the
 * `exception` event (or `error.type`) says what failed.
 */
export function readSpanError(span: SpanData): SpanError | undefined {
  if (span.status?.code !== STATUS_ERROR) return undefined;
  const exception = span.events?.find((e) => e.name === 'exception');
  const ex = exception?.attributes ?? {};
  const error: SpanError = {};
  const type = readNonEmpty(ex, 'exception.type') ?? readNonEmpty(span.attributes, 'error.type');
  if (type !== undefined) error.type = type;
  const message = readNonEmpty(ex, 'exception.message') ?? nonEmpty(span.status.message);
  if (message !== undefined) error.message = message;
  const stack = readString(ex, 'exception.stacktrace');
  if (stack !== undefined && stack !== '') error.stack = stack;
  return error;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v !== '' ? v : undefined;
}
