import { keywordSet } from '../keywords.js';
import { groupLengths, sequenceDigits } from './digit-sequences.js';
import type { DigitSequence } from './digit-sequences.js';
import type { DetectionRule, FindContext } from './rule.js';

export const PHONE_KEYWORDS = keywordSet([
  'phone', 'tel', 'telephone', 'mobile', 'cell', 'call', 'fax', 'whatsapp', 'contact', 'sms', 'text me', 'dial',
  'móvil', 'movil', 'teléfono', 'telefono', 'celular', 'llama', 'llámame', 'téléphone', 'portable', 'appelez', 'handy', 'telefon', 'rufnummer',
  '電話', '携帯', 'でんわ', '전화', '휴대폰', '핸드폰', '연락처', '手机', '电话', '联系',
]);

/**
 * Phone numbers, from the digit sequences: `+` and a country code (8–15 digits in all, E.164), or a
 * national format with separators (9–12 digits; 7–15 near a keyword). Bare digit runs (ids,
 * timestamps, account numbers) need a keyword; shapes that are something else are rejected:
 * dates, thousands groupings, dotted quads, ISBNs, the SSN layout.
 */
export const phoneRule: DetectionRule = {
  entityType: 'PHONE_NUMBER',
  category: 'phone',
  specificity: 1,
  numberKeywords: PHONE_KEYWORDS,
  find(ctx, emit) {
    let previousEnd = 0;
    for (const seq of ctx.digitSequences()) {
      if (isPhone(ctx, seq, previousEnd)) emit(seq.start, seq.end);
      previousEnd = seq.end;
    }
  },
};

/** Words that say a bare number is something else, when they stand between the keyword and it (`call 555 0100. Ref: 6632530859`). */
const ID_KEYWORDS = keywordSet(['ref', 'id', 'order', 'invoice', 'account', 'ticket', 'case', 'pedido', 'factura', 'referencia', '注文', '주문', '订单']);

function isPhone(ctx: FindContext, seq: DigitSequence, previousEnd: number): boolean {
  const digits = sequenceDigits(ctx.text, seq);
  const lengths = groupLengths(seq);
  const n = digits.length;
  if (n < 7 || n > 15) return false;
  // A decimal part after it: a price or a measurement (`123 456,78`).
  const after = ctx.text.charCodeAt(seq.end);
  if ((after === 44 || after === 46) && isDigitAt(ctx.text, seq.end + 1)) return false;
  const dotted = seq.separators.some((s) => s.includes('.'));
  if (dotted && !seq.separators.every((s) => s === '.')) return false;
  if (seq.lead.startsWith('+')) {
    if (n < 8) return false;
    // After the country code, groups of 1–6 digits.
    return lengths.slice(1).every((l) => l <= 6) && (lengths[0] as number) <= (lengths.length === 1 ? 15 : 4);
  }
  // The keyword must be this number's: not before another number, and no id word in between.
  const keyword = () => ctx.keywords.near(PHONE_KEYWORDS, seq.start, previousEnd) && !ctx.keywords.inWindow(ID_KEYWORDS, seq.start, Math.max(previousEnd, seq.start - 12));
  if (seq.groups.length === 1) return keyword();
  if (lengths.some((l) => l < 2 || l > 6)) return false;
  if (seq.groups.length > 5) return false;
  const shape = lengths.join('-');
  if (shape === '3-2-4') return false; // US SSN layout
  if (shape === '4-2-2' || shape === '2-2-4') return false; // dates
  if (n === 13 && (digits.startsWith('978') || digits.startsWith('979'))) return false; // ISBN-13
  if (dotted && (seq.groups.length === 4 || !(shape === '3-3-4' || shape === '2-2-2-2-2'))) return false; // dotted quads, versions
  // 1 000 000 grouping: every group after the first has 3 digits.
  if (seq.groups.length >= 3 && lengths.slice(1).every((l) => l === 3) && seq.separators.every((s) => s === ' ' || s === '.')) return keyword();
  if (n >= 9 && n <= 12) return true;
  return keyword();
}

function isDigitAt(text: string, i: number): boolean {
  const c = i < text.length ? text.charCodeAt(i) : -1;
  return c >= 48 && c <= 57;
}
