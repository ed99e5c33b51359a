import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVALUATION_DEFAULTS } from '../../src/evaluations/resolve-evaluations-config.js';
import { decideLanguagePair } from '../../src/evaluations/evaluators/language-mismatch.js';
import { isNaturalLanguage } from '../../src/evaluations/evaluators/natural-language.js';
import { loadTinyldDetector } from '../../src/evaluations/evaluators/tinyld-detector.js';

/**
 * The language_mismatch evaluator's measured accuracy on a labelled set (spec §4.2): 72 chat texts
 * (24 languages × long/medium/short) and 10 structured texts, combined into 212 labelled pairs.
 * Floors: accuracy ≥ 97 %, precision ≥ 0.97, no structured pair flagged.
 */

interface Text {
  lang: string;
  size: 'long' | 'medium' | 'short';
  text: string;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/language-texts.json', import.meta.url), 'utf8')) as {
  texts: Text[];
  structured: Array<{ kind: string; text: string }>;
};
const langs = [...new Set(fixture.texts.map((t) => t.lang))];
const text = (lang: string, size: Text['size']): Text => fixture.texts.find((t) => t.lang === lang && t.size === size)!;

interface Pair {
  input: string;
  output: string;
  /** `true`: the languages differ; `false`: same language, or a structured side (never flagged). */
  mismatch: boolean;
  structured: boolean;
  name: string;
}

function pairs(): Pair[] {
  const out: Pair[] = [];
  const n = langs.length;
  const at = (i: number): string => langs[i % n]!;
  langs.forEach((lang, i) => {
    const cross: Array<[Text, Text]> = [
      [text(lang, 'long'), text(at(i + 1), 'medium')],
      [text(lang, 'medium'), text(at(i + 3), 'short')],
      [text(lang, 'short'), text(at(i + 7), 'long')],
      [text(lang, 'long'), text(at(i + 12), 'short')],
      [text(lang, 'medium'), text(at(i + 17), 'long')],
    ];
    for (const [a, b] of cross) out.push({ input: a.text, output: b.text, mismatch: true, structured: false, name: `${a.lang}/${a.size}→${b.lang}/${b.size}` });
    const same: Array<[Text, Text]> = [
      [text(lang, 'long'), text(lang, 'medium')],
      [text(lang, 'long'), text(lang, 'short')],
      [text(lang, 'medium'), text(lang, 'short')],
    ];
    for (const [a, b] of same) out.push({ input: a.text, output: b.text, mismatch: false, structured: false, name: `${lang}/${a.size}→${lang}/${b.size}` });
  });
  fixture.structured.forEach((s, i) => {
    const nl = text(at(i * 2), 'long');
    out.push({ input: nl.text, output: s.text, mismatch: false, structured: true, name: `${nl.lang}→${s.kind}` });
    out.push({ input: s.text, output: nl.text, mismatch: false, structured: true, name: `${s.kind}→${nl.lang}` });
  });
  return out;
}

describe('language_mismatch on the labelled set (tinyld)', () => {
  it('the natural-language gate: every chat text passes, no structured text does', () => {
    expect(fixture.texts.filter((t) => !isNaturalLanguage(t.text)).map((t) => `${t.lang}/${t.size}`)).toEqual([]);
    expect(fixture.structured.filter((s) => isNaturalLanguage(s.text)).map((s) => s.kind)).toEqual([]);
    // The Greek question mark is ';': a Greek question is still natural language.
    expect(isNaturalLanguage('Τι ώρα ανοίγει το κατάστημα;')).toBe(true);
  });

  it('accuracy ≥ 97 %, precision ≥ 0.97, no structured pair flagged', async () => {
    const detector = await loadTinyldDetector();
    const all = pairs();
    expect(all.length).toBeGreaterThanOrEqual(200);
    let tp = 0;
    let fp = 0;
    let tn = 0;
    let fn = 0;
    const wrong: string[] = [];
    for (const pair of all) {
      const decision = decideLanguagePair(pair.input, pair.output, detector, EVALUATION_DEFAULTS.sameLanguageGroups);
      const flagged = decision.ok && decision.value === 'mismatch';
      if (pair.structured) expect(decision.ok, pair.name).toBe(false);
      if (flagged && pair.mismatch) tp++;
      else if (flagged) {
        fp++;
        wrong.push(`false positive ${pair.name}`);
      } else if (pair.mismatch) {
        fn++;
        wrong.push(`missed ${pair.name} (${decision.ok ? decision.value : decision.reason})`);
      } else tn++;
    }
    const accuracy = (tp + tn) / all.length;
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    // The measurement, for the record (docs/evaluations.md quotes it).
    process.stdout.write(`language_mismatch/tinyld on ${all.length} pairs: accuracy ${(accuracy * 100).toFixed(1)}%, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}; ${wrong.join('; ') || 'no errors'}\n`);
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
    expect(precision).toBeGreaterThanOrEqual(0.97);
  }, 60_000);
});
