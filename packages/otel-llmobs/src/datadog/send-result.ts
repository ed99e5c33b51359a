import type { RequestBody } from './request-body.js';

/** What one attempt (or a whole retried send) came to. The transport never throws; it returns this. */
export type SendResult =
  | { status: 'success'; statusCode: number }
  | { status: 'failure'; error: Error; statusCode?: number }
  | { status: 'retryable'; error: Error; statusCode?: number; retryAfterMs?: number };

export interface IntakeRequest {
  url: string;
  headers: Record<string, string>;
  /** ASCII JSON: its length is its size in bytes. */
  body: RequestBody;
}
