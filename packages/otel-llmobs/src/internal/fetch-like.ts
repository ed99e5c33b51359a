/**
 * The slice of the WHATWG `fetch` API the transport uses. Typed structurally so that any runtime's
 * `fetch` (Node ≥ 18, Deno, Bun, Cloudflare Workers, Vercel Edge) or a test double fits.
 */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  /** The body as a stream (every runtime's `fetch` has it): read only up to a bound, then cancelled. */
  readonly body?: ReadableBodyLike | null;
  /** Used only when there is no `body` stream (a minimal test double). */
  text(): Promise<string>;
}

/** The slice of a WHATWG `ReadableStream<Uint8Array>` we use. */
export interface ReadableBodyLike {
  getReader(): {
    read(): Promise<{ done: true; value?: unknown } | { done: false; value: Uint8Array }>;
    cancel(reason?: unknown): Promise<void>;
  };
}

/** The request options the transport passes to `fetch`. */
export interface FetchInitLike {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** A `fetch` function: the runtime's, or your own (a proxy agent, a test double). */
export type FetchLike = (url: string, init: FetchInitLike) => Promise<FetchResponseLike>;

/** What the runtime's own `fetch` is given: its body may also be a `Blob` (datadog/request-body.ts). */
export interface RuntimeFetchInit extends Omit<FetchInitLike, 'body'> {
  body?: string | Blob;
}

/**
 * Resolve `globalThis.fetch` at call time, not at construction: fetch instrumentations patch the
 * global after we may have been created, and we want their patched fetch to see our suppressed
 * context rather than bypass them.
 */
export function runtimeFetch(url: string, init: RuntimeFetchInit): Promise<FetchResponseLike> {
  const f = (globalThis as { fetch?: (url: string, init: RuntimeFetchInit) => Promise<FetchResponseLike> }).fetch;
  if (typeof f !== 'function') return Promise.reject(new Error('global fetch is not available in this runtime; pass the `fetch` option'));
  return f(url, init);
}

/** The default `fetch` option: the runtime's (`runtimeFetch`). The transport recognizes it to hand it a `Blob` body. */
export const globalFetch: FetchLike = runtimeFetch;
