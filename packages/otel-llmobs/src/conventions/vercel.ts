/** Vercel AI SDK (`ai` ≤ 6 built-in telemetry, and `ai` 7 `LegacyOpenTelemetry`) keys. */
export const VERCEL = {
  OPERATION_ID: 'ai.operationId',
  SCOPE: 'ai',
} as const;
