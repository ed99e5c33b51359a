// Markup for the viewer: htm's tagged templates over Preact's `h` (htm/preact binds the two). An
// interpolated value becomes a text node or a property, never markup (span content is untrusted input
// from any app, and there is no innerHTML anywhere in this bundle). htm parses templates with a small
// state machine, no eval, so the page's CSP needs no 'unsafe-eval'.
import type { ComponentChildren, VNode } from 'preact';
import { html as htmPreact } from 'htm/preact';

/** A template with one root element. */
export const html: (strings: TemplateStringsArray, ...values: unknown[]) => VNode = htmPreact;

export type Children = ComponentChildren;
