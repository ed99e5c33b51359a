// A view whose data could not be loaded.
import type { VNode } from 'preact';
import { errorMessage } from 'otel-llmobs/internals';
import { html } from '../html.js';

export function loadFailed(error: unknown): VNode {
  return html`<div class="empty"><div class="empty-title">Could not load this view</div><pre>${errorMessage(error)}</pre></div>`;
}
