// OTLP/HTTP responses (opentelemetry-proto `docs/specification.md`, "OTLP/HTTP Response"), in the
// encoding of the request:
// - success: an `ExportTraceServiceResponse`, empty, or with `partial_success {rejected_spans,
//   error_message}` when some spans were refused (protobuf: field 1 → {1: int64, 2: string});
// - failure (4xx/5xx): a `google.rpc.Status {code, message}` (protobuf: {1: int32, 2: string}).
import type { ServerResponse } from 'node:http';

export type OtlpEncoding = 'protobuf' | 'json';

/** gRPC status codes used in `google.rpc.Status`, per HTTP status. */
const GRPC_CODE: Record<number, number> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  404: 5, // NOT_FOUND
  405: 12, // UNIMPLEMENTED
  408: 4, // DEADLINE_EXCEEDED
  413: 8, // RESOURCE_EXHAUSTED
  415: 3, // INVALID_ARGUMENT
  429: 8, // RESOURCE_EXHAUSTED
  500: 13, // INTERNAL
  503: 14, // UNAVAILABLE
};

export const CONTENT_TYPE: Record<OtlpEncoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

export function sendExportResponse(res: ServerResponse, encoding: OtlpEncoding, rejectedSpans: number, errorMessage: string): void {
  const body = encoding === 'json' ? exportResponseJson(rejectedSpans, errorMessage) : exportResponseProtobuf(rejectedSpans, errorMessage);
  send(res, 200, encoding, body);
}

export function sendStatus(res: ServerResponse, status: number, encoding: OtlpEncoding, message: string, headers: Record<string, string> = {}): void {
  const code = GRPC_CODE[status] ?? 2;
  const body = encoding === 'json' ? Buffer.from(JSON.stringify({ code, message })) : statusProtobuf(code, message);
  send(res, status, encoding, body, headers);
}

export function exportResponseJson(rejectedSpans: number, errorMessage: string): Buffer {
  if (rejectedSpans === 0 && errorMessage === '') return Buffer.from('{}');
  // int64 as a decimal string, as protobuf's JSON mapping writes it.
  return Buffer.from(JSON.stringify({ partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } }));
}

export function exportResponseProtobuf(rejectedSpans: number, errorMessage: string): Buffer {
  if (rejectedSpans === 0 && errorMessage === '') return Buffer.alloc(0);
  const inner: Buffer[] = [];
  if (rejectedSpans > 0) inner.push(Buffer.from([0x08]), varint(rejectedSpans));
  if (errorMessage !== '') inner.push(Buffer.from([0x12]), ...lengthDelimited(Buffer.from(errorMessage, 'utf8')));
  const partial = Buffer.concat(inner);
  return Buffer.concat([Buffer.from([0x0a]), ...lengthDelimited(partial)]);
}

function statusProtobuf(code: number, message: string): Buffer {
  return Buffer.concat([Buffer.from([0x08]), varint(code), Buffer.from([0x12]), ...lengthDelimited(Buffer.from(message, 'utf8'))]);
}

function lengthDelimited(bytes: Buffer): Buffer[] {
  return [varint(bytes.length), bytes];
}

function varint(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Buffer.from(out);
}

function send(res: ServerResponse, status: number, encoding: OtlpEncoding, body: Buffer, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': CONTENT_TYPE[encoding],
    'content-length': body.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}
