// The columns the store derives from a span event, for filtering and aggregation.
import type { WireSpanEvent } from '../../shared/wire.js';

export interface SpanColumns {
  ml_app: string | null;
  session_id: string | null;
  model_name: string | null;
  model_provider: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
}

/** Last value of a `key:value` tag (user tags come last and override earlier ones, spec §2.6). */
export function tagValue(tags: readonly string[], key: string): string | undefined {
  const prefix = `${key}:`;
  for (let i = tags.length - 1; i >= 0; i--) {
    const tag = tags[i];
    if (tag?.startsWith(prefix)) return tag.slice(prefix.length);
  }
  return undefined;
}

export function spanColumns(event: WireSpanEvent): SpanColumns {
  const { meta, metrics } = event;
  const input = metrics.input_tokens ?? null;
  const output = metrics.output_tokens ?? null;
  // dd-trace does not compute total_tokens (spec §2.5); the viewer shows the sum when it is absent.
  const total = metrics.total_tokens ?? (input !== null || output !== null ? (input ?? 0) + (output ?? 0) : null);
  return {
    ml_app: tagValue(event.tags, 'ml_app') || null,
    session_id: event.session_id ?? (tagValue(event.tags, 'session_id') || null),
    model_name: typeof meta.model_name === 'string' ? meta.model_name : null,
    model_provider: typeof meta.model_provider === 'string' ? meta.model_provider : null,
    input_tokens: input,
    output_tokens: output,
    total_tokens: total,
  };
}
