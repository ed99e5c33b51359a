import { resolveSensitiveDataSettings } from '../config/resolve-sensitive-data-config.js';
import type { SensitiveDataAction } from '../config/sensitive-data-entities.js';
import type { SensitiveDataOptions } from '../config/sensitive-data-options.js';
import { SensitiveDataScanner } from './scanner.js';

/** One finding of `scanSensitiveData`: `text.slice(start, end)` is the match (UTF-16 offsets, end exclusive). */
export interface SensitiveDataFinding {
  start: number;
  end: number;
  /** `EMAIL_ADDRESS`, `CREDIT_CARD`, … (docs/sensitive-data.md), or a custom rule's type. */
  entityType: string;
  /** `secret`, `credit_card`, `bank_account`, `national_id`, `email`, `phone`, `ip_address`, or a custom rule's category. */
  category: string;
  /** What the processor would do with it. */
  action: SensitiveDataAction;
}

// Compiled scanners per options object, so a caller scanning many texts with one options object compiles once.
const compiled = new WeakMap<object, SensitiveDataScanner>();
let defaultScanner: SensitiveDataScanner | undefined;

/**
 * Finds secrets and personal data in `text` with the rules and options the processor uses
 * (`sensitiveData`), without changing anything. Pure: no span, no I/O. Rules turned off
 * (`false`) report nothing; with `enabled: false` nothing is reported. A bad option throws a
 * `TypeError`.
 */
export function scanSensitiveData(text: string, options?: SensitiveDataOptions): SensitiveDataFinding[] {
  if (typeof text !== 'string') throw new TypeError(`scanSensitiveData: text must be a string (actual: ${typeof text})`);
  let scanner: SensitiveDataScanner | undefined;
  if (options === undefined) scanner = defaultScanner ??= new SensitiveDataScanner(resolveSensitiveDataSettings({ enabled: true }));
  else {
    scanner = compiled.get(options);
    if (!scanner) {
      scanner = new SensitiveDataScanner(resolveSensitiveDataSettings({ enabled: true, ...options }));
      compiled.set(options, scanner);
    }
  }
  if (!scanner.enabled) return [];
  return scanner.find(text).map(({ start, end, entityType, category, action }) => ({ start, end, entityType, category, action }));
}
