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

export interface FetchInitLike {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export type FetchLike = (url: string, init: FetchInitLike) => Promise<FetchResponseLike>;

/**
 * Resolve `globalThis.fetch` at call time, not at construction: fetch instrumentations patch the
 * global after we may have been created, and we want their patched fetch to see our suppressed
 * context rather than bypass them.
 */
export const globalFetch: FetchLike = (url, init) => {
  const f = (globalThis as { fetch?: (url: string, init: FetchInitLike) => Promise<FetchResponseLike> }).fetch;
  if (typeof f !== 'function') return Promise.reject(new Error('global fetch is not available in this runtime; pass the `fetch` option'));
  return f(url, init);
};
