// DOM building for the viewer. Every string becomes a text node (never HTML): span content is untrusted
// input from any app, so there is no innerHTML anywhere in this bundle.

export type Child = Node | string | number | null | undefined | false | readonly Child[];

export interface Attrs {
  class?: string | (string | false | null | undefined)[];
  title?: string;
  /** Internal links only (`#/…` or `/…`): anything else is dropped. */
  href?: string;
  id?: string;
  type?: string;
  value?: string;
  placeholder?: string;
  role?: string;
  name?: string;
  for?: string;
  colspan?: number;
  selected?: boolean;
  checked?: boolean;
  disabled?: boolean;
  open?: boolean;
  tabindex?: number;
  dataset?: Record<string, string>;
  aria?: Record<string, string>;
  style?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [key, value] of Object.entries(attrs) as [keyof Attrs, unknown][]) {
    if (value === undefined || value === null || value === false) continue;
    switch (key) {
      case 'class':
        el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : (value as string));
        break;
      case 'href': {
        const href = value as string;
        if (href.startsWith('#') || (href.startsWith('/') && !href.startsWith('//'))) el.setAttribute('href', href);
        break;
      }
      case 'dataset':
        for (const [k, v] of Object.entries(value as Record<string, string>)) el.setAttribute(`data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, v);
        break;
      case 'aria':
        for (const [k, v] of Object.entries(value as Record<string, string>)) el.setAttribute(`aria-${k}`, v);
        break;
      case 'style':
        for (const [k, v] of Object.entries(value as Record<string, string>)) (el as HTMLElement).style.setProperty(k, v);
        break;
      case 'on':
        for (const [k, v] of Object.entries(value as Record<string, EventListener>)) el.addEventListener(k, v);
        break;
      case 'selected':
      case 'checked':
      case 'disabled':
      case 'open':
        el.setAttribute(key, '');
        break;
      default:
        el.setAttribute(key, typeof value === 'number' ? String(value) : (value as string));
    }
  }
}

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child as readonly Child[]);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child as string | number)));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function replace(el: Element, ...children: Child[]): void {
  clear(el);
  append(el, children);
}
