import { keywordSet } from '../keywords.js';
import { isAsciiAlnum } from '../text-classes.js';
import { cardNetwork, ibanChecksumValid, ibanLength, luhnValid } from '../validators.js';
import { firstDigit, groupLengths } from './digit-sequences.js';
import type { DigitSequence } from './digit-sequences.js';
import type { DetectionRule } from './rule.js';

/** Network layouts of grouped card numbers (Datadog's library rules: 4x4, 4+6+5, 4+6+4, 4x4+3, 4+4+4+3, 4+4+4+2, 2x8, 8+7, 8+6). */
const CARD_LAYOUTS = new Set(['4-4-4-4', '4-6-5', '4-6-4', '4-4-4-4-3', '4-4-4-3', '4-4-4-2', '8-8', '8-7', '8-6']);

/** Card keywords raise confidence only; they also let a bare number under a `card` key be scanned. */
export const CARD_KEYWORDS = keywordSet([
  'card', 'credit', 'debit', 'cc', 'pan', 'visa', 'mastercard', 'amex', 'discover', 'jcb', 'diners', 'maestro', 'unionpay',
  'tarjeta', 'carte', 'kreditkarte', 'cartão', 'カード', '카드', '银联', '信用卡', '卡号',
]);

export const creditCardRule: DetectionRule = {
  entityType: 'CREDIT_CARD',
  category: 'credit_card',
  specificity: 3,
  numberKeywords: CARD_KEYWORDS,
  find(ctx, emit) {
    ctx.eachDigitSequence((seq) => {
      if (seq.lead.includes('(')) return;
      const end = cardEnd(ctx.text, seq);
      if (end !== undefined) emit(firstDigit(seq), end);
    });
  },
};

/**
 * Where the card number of a digit sequence ends, or `undefined`: the whole sequence, or, when a
 * short group follows a full card layout after a space (`4111 1111 1111 1111 12/27`, an expiry
 * date), the card part. Luhn and the IIN table decide; a tracking number never gets this far.
 */
function cardEnd(text: string, seq: DigitSequence): number | undefined {
  const n = seq.groups.length;
  // Five groups at most (4-4-4-4-3), plus two short ones after it.
  if (n > 7) return undefined;
  if (isCard(text, seq, n)) return seq.end;
  for (let k = n - 1; k >= Math.max(2, n - 2); k--) {
    if (seq.separators[k - 1] !== ' ' || groupLengths(seq).slice(k).some((l) => l > 4)) break;
    if (isCard(text, seq, k)) return (seq.groups[k - 1] as [number, number])[1];
  }
  return undefined;
}

/** The first `count` groups of the sequence form a card number. */
function isCard(text: string, seq: DigitSequence, count: number): boolean {
  const length = (seq.groups[count - 1] as [number, number])[1] - (seq.groups[0] as [number, number])[0] - (count - 1);
  if (length < 14 || length > 19 + 4) return false;
  if (count > 1) {
    const separators = seq.separators.slice(0, count - 1);
    const sep = separators[0] as string;
    if (sep.length !== 1 || separators.some((s) => s !== sep)) return false;
    if (!CARD_LAYOUTS.has(groupLengths(seq).slice(0, count).join('-'))) return false;
  }
  let digits = '';
  for (let i = 0; i < count; i++) {
    const [a, b] = seq.groups[i] as [number, number];
    digits += text.slice(a, b);
  }
  return digits.length >= 14 && digits.length <= 19 && cardNetwork(digits) !== undefined && luhnValid(digits);
}

/**
 * IBAN: 2 letters, 2 check digits, then the BBAN, compact or grouped by 4 with single spaces, any
 * letter case; valid when the length is the country's (ISO 13616) and mod-97 gives 1. Anchored on
 * "two letters then two digits" at a word start.
 */
export const ibanRule: DetectionRule = {
  entityType: 'IBAN',
  category: 'bank_account',
  specificity: 3,
  find(ctx, emit) {
    const text = ctx.text;
    // A fixed-length pattern: V8 runs it in native code, in linear time.
    const anchor = /\b[A-Za-z]{2}[0-9]{2}/g;
    for (let m = anchor.exec(text); m !== null; m = anchor.exec(text)) {
      const i = m.index;
      const length = ibanLength(text.slice(i, i + 2).toUpperCase());
      if (length === undefined) continue;
      const end = readIban(text, i, length);
      if (end === undefined) continue;
      const compact = text.slice(i, end).replace(/ /g, '').toUpperCase();
      if (!ibanChecksumValid(compact)) continue;
      emit(i, end);
      anchor.lastIndex = end;
    }
  },
};

/** The end of an IBAN of `length` characters at `start` (compact, or grouped by 4 with single spaces), or `undefined`. */
function readIban(text: string, start: number, length: number): number | undefined {
  let count = 0;
  let i = start;
  let grouped: boolean | undefined;
  while (count < length) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (isAsciiAlnum(c)) {
      count++;
      i++;
      continue;
    }
    // A single space is allowed only after each full group of 4, and then everywhere.
    if (c === 32 && count % 4 === 0 && count > 0 && isAsciiAlnum(i + 1 < text.length ? text.charCodeAt(i + 1) : -1)) {
      if (grouped === undefined) {
        if (count !== 4) return undefined;
        grouped = true;
      }
      i++;
      continue;
    }
    return undefined;
  }
  // Must end here: no further alphanumerics glued on.
  const after = i < text.length ? text.charCodeAt(i) : -1;
  if (isAsciiAlnum(after)) return undefined;
  return i;
}
