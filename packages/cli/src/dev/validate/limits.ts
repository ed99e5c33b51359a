// Size limits of the intake (spec/datadog-intake.md §4): 5 MiB per event, measured as the UTF-8 bytes of
// the event's JSON (as dd-trace measures it), and 5 MiB per request body.
import type { Violation } from './violations.js';

export const MAX_EVENT_BYTES = 5 * 1024 * 1024;
export const MAX_PAYLOAD_BYTES = 5 * 1024 * 1024;

export function payloadSizeViolation(bytes: number): Violation | undefined {
  if (bytes <= MAX_PAYLOAD_BYTES) return undefined;
  return {
    severity: 'error',
    code: 'limits.payload_size',
    path: '',
    message: `The request body is ${bytes} bytes; the intake accepts at most ${MAX_PAYLOAD_BYTES} (5 MiB). Split it into several requests.`,
  };
}

export function eventSizeViolation(event: unknown, path: string): Violation | undefined {
  const bytes = Buffer.byteLength(JSON.stringify(event) ?? '', 'utf8');
  if (bytes <= MAX_EVENT_BYTES) return undefined;
  return {
    severity: 'error',
    code: 'limits.event_size',
    path,
    message: `The span event is ${bytes} bytes of JSON; the intake accepts at most ${MAX_EVENT_BYTES} (5 MiB) per event. dd-trace replaces input and output with a placeholder and adds collection_errors ["dropped_io"].`,
  };
}
