// The name search: what the user types stays theirs. The filter is applied after a pause in typing
// (or at once on Enter), never on every keystroke, and a re-render from new data does not touch the
// input's text, focus or caret (Preact keeps the same element and only sets `value` when it differs).
import type { VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';

/** How long typing must pause before the search applies. */
export const SEARCH_PAUSE_MS = 600;

export function SearchBox(props: { value: string; onApply: (value: string) => void; name: string; label: string; placeholder: string }): VNode {
  const [text, setText] = useState(props.value);
  const applied = useRef(props.value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The pause timer calls the latest onApply, not the one of the render that started it.
  const onApply = useRef(props.onApply);
  onApply.current = props.onApply;
  const apply = (value: string): void => {
    clearTimeout(timer.current);
    timer.current = undefined;
    if (value === applied.current) return;
    applied.current = value;
    onApply.current(value);
  };
  // The route changed under the box (Clear, back, a link): follow it, unless typing is pending.
  useEffect(() => {
    if (props.value === applied.current) return;
    applied.current = props.value;
    if (timer.current === undefined) setText(props.value);
  }, [props.value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  return html`<input
    type="search"
    name=${props.name}
    placeholder=${props.placeholder}
    aria-label=${props.label}
    autocomplete="off"
    value=${text}
    onInput=${(e: Event) => {
      const value = (e.currentTarget as HTMLInputElement).value;
      setText(value);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => apply(value), SEARCH_PAUSE_MS);
    }}
    onKeyDown=${(e: KeyboardEvent) => {
      if (e.key === 'Enter') apply((e.currentTarget as HTMLInputElement).value);
    }}
  />`;
}
