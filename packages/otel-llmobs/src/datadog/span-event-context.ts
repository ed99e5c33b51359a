/**
 * What the encoder needs besides the span itself: the service identity every span is tagged with.
 * `LLMObsExporter` builds it from configuration and the span's resource.
 */
export interface SpanEventContext {
  /** `DD_TAGS` entries, put first, in order. */
  ddTags?: ReadonlyArray<readonly [string, string]>;
  service?: string;
  env?: string;
  version?: string;
}
