import type { FetchResponseLike } from './fetch-like.js';

export interface BodyPrefix {
  text: string;
  /** Whether `text` is the whole body (it ended within the bound). */
  complete: boolean;
}

/**
 * Reads at most about `maxBytes` of a response body, then cancels the rest: an intake or proxy that
 * streams a huge (or endless) answer must not grow the application's memory, and we only ever need
 * an error message or a small JSON document. A body that ends within the bound is read to its end,
 * which lets the connection be reused. Falls back to `text()` for a `fetch` without body streams.
 * Never throws; an unreadable body is empty.
 */
export async function readBodyPrefix(response: FetchResponseLike, maxBytes: number): Promise<BodyPrefix> {
  const body = response.body;
  if (body === null || body === undefined || typeof body.getReader !== 'function') {
    try {
      const text = await response.text();
      return { text: text.slice(0, maxBytes), complete: text.length <= maxBytes };
    } catch {
      return { text: '', complete: false };
    }
  }
  let reader: ReturnType<typeof body.getReader> | undefined;
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  let complete = false;
  try {
    reader = body.getReader();
    while (bytes < maxBytes) {
      const chunk = await reader.read();
      if (chunk.done) {
        complete = true;
        break;
      }
      const value = chunk.value;
      if (!(value instanceof Uint8Array)) continue;
      const room = maxBytes - bytes;
      const part = value.byteLength > room ? value.subarray(0, room) : value;
      bytes += part.byteLength;
      text += decoder.decode(part, { stream: true });
    }
    text += decoder.decode();
  } catch {
    // a reset mid-body: what we have is all there is
  } finally {
    if (!complete) reader?.cancel().catch(() => undefined);
  }
  return { text, complete };
}
