import type { LanguageDetector } from '../types.js';

interface TinyLD {
  detectAll(text: string): Array<{ lang: string; accuracy: number }>;
}

/** tinyld's top score below this is noise: Yoruba comes back as `vi` with 1.0, but short texts under 0.1 are mostly wrong (spec §5.1). */
export const TINYLD_CONFIDENCE_FLOOR = 0.1;

let loading: Promise<LanguageDetector> | undefined;

/**
 * tinyld (an optional peer), imported on first use, off the hot path: its cold load takes about a
 * second and 50 MB. Rejects when it is not installed.
 */
export function loadTinyldDetector(): Promise<LanguageDetector> {
  loading ??= (import('tinyld') as Promise<TinyLD>).then(
    (tinyld): LanguageDetector => ({
      confidenceFloor: TINYLD_CONFIDENCE_FLOOR,
      detect(text) {
        const top = tinyld.detectAll(text)[0];
        return top && top.lang !== '' ? { lang: top.lang, confidence: top.accuracy } : undefined;
      },
    }),
    (e: unknown) => {
      loading = undefined;
      throw new Error(`language_mismatch uses the optional package tinyld, which is not installed (npm install tinyld): ${e instanceof Error ? e.message : String(e)}`);
    },
  );
  return loading;
}
