/**
 * Structural copies of the SDK's export types (`@opentelemetry/core` `ExportResult`,
 * `sdk-trace-base` `SpanExporter`), so the library needs `@opentelemetry/api` only. The numeric
 * codes match the SDK's enum.
 */
export const ExportResultCode = { SUCCESS: 0, FAILED: 1 } as const;
export type ExportResultCode = (typeof ExportResultCode)[keyof typeof ExportResultCode];

export interface ExportResult {
  code: ExportResultCode;
  error?: Error;
}

/** What the exporter reads from a finished span besides the attached model: its resource. */
export interface ExportedSpanLike {
  readonly resource?: { readonly attributes?: Readonly<Record<string, unknown>> };
}
