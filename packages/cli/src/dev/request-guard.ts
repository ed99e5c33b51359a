// Writes a web page must not be able to make. Any page the user opens can send a cross-origin
// `fetch(…, { mode: 'no-cors' })` to 127.0.0.1 without a preflight, as long as its body is one of the
// three "simple" content types; the answer is opaque to the page, but the write lands. So, as the
// OpenTelemetry Collector's OTLP receivers do: a request whose `Origin` is not this server's own is
// refused, and the routes that store data refuse the simple content types outright (a browser can
// send those without asking). Tracers and OTLP exporters send neither.
import type { IncomingMessage } from 'node:http';

/** Content types a browser sends cross-origin without a CORS preflight. */
const SIMPLE_CONTENT_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

export interface Refusal {
  status: 403 | 415;
  message: string;
}

/** Why this request must not reach route `routeName`, or `undefined`. Reads and the viewer's own page pass. */
export function checkWriteRequest(req: IncomingMessage, routeName: string): Refusal | undefined {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return undefined;
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, req.headers.host)) {
    return { status: 403, message: `cross-origin writes are refused (Origin ${JSON.stringify(origin.slice(0, 100))} is not this server)` };
  }
  if (routeName.startsWith('intake.') || routeName.startsWith('otlp.')) {
    const mediaType = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (SIMPLE_CONTENT_TYPES.has(mediaType)) {
      return { status: 415, message: `Content-Type ${mediaType} is refused (a web page can send it to this server without asking); send application/json` };
    }
  }
  return undefined;
}

/** Whether `origin` (`http://host:port`) names the host the request was sent to. `null` never does. */
function sameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}
