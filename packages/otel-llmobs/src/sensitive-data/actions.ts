import type { SensitiveDataAction } from '../config/sensitive-data-entities.js';
import { hmacSha256, toHex, utf8 } from './sha256.js';

/** What a match is replaced with; `undefined` for `report` (left as it is). */
export function replacementFor(action: SensitiveDataAction, entityType: string, value: string, tools: ActionTools): string | undefined {
  switch (action) {
    case 'redact':
      return tools.placeholder(entityType);
    case 'partial':
      return partiallyMasked(value, 4);
    case 'hash':
      return `[HASH:${entityType}:${toHex(hmacSha256(tools.hashKey, value), 8)}]`;
    default:
      return undefined;
  }
}

export interface ActionTools {
  placeholder(entityType: string): string;
  readonly hashKey: Uint8Array;
}

/**
 * Keeps the last `keep` alphanumerics (at most 4: PCI DSS allows no more of a card) and the
 * separators, masks the other alphanumerics with `*`: `4539 1488 0343 6467` → `**** **** **** 6467`.
 */
export function partiallyMasked(value: string, keep: number): string {
  let kept = 0;
  const limit = Math.min(keep, 4);
  let out = '';
  for (let i = value.length - 1; i >= 0; i--) {
    const ch = value[i] as string;
    const c = value.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum) out = ch + out;
    else if (kept < limit) {
      kept++;
      out = ch + out;
    } else out = '*' + out;
  }
  return out;
}

/** The key of the `hash` action when none is configured: random, once per process, never logged. */
let processKey: Uint8Array | undefined;

export function hashKeyBytes(configured: string | undefined): Uint8Array {
  if (configured !== undefined) return utf8(configured);
  if (!processKey) {
    processKey = new Uint8Array(32);
    const crypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
    if (crypto?.getRandomValues) crypto.getRandomValues(processKey);
    else for (let i = 0; i < processKey.length; i++) processKey[i] = Math.floor(Math.random() * 256);
  }
  return processKey;
}
