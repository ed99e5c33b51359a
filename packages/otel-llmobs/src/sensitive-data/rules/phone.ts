import { keywordSet } from '../keywords.js';
import { firstDigit, groupLengths, sequenceDigits } from './digit-sequences.js';
import type { DigitSequence } from './digit-sequences.js';
import type { DetectionRule, FindContext } from './rule.js';

export const PHONE_KEYWORDS = keywordSet([
  'phone', 'tel', 'mobil', 'cell', 'call', 'fax', 'whatsapp', 'contact', 'sms', 'text me', 'dial', 'ring',
  'móvil', 'movil', 'móvel', 'teléfono', 'celular', 'llama', 'llámame', 'tél', 'portable', 'appelez', 'handy', 'rufnummer', 'fone',
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
    ctx.eachDigitSequence((seq) => {
      if (isPhone(ctx, seq, previousEnd)) emit(seq.start, seq.end);
      previousEnd = seq.end;
    });
  },
};

/** Words that say a bare number is something else, when they stand between the keyword and it (`call 555 0100. Ref: 6632530859`). */
const ID_KEYWORDS = keywordSet([
  'ref', 'id', 'order', 'invoice', 'account', 'acct', 'ticket', 'tracking', 'shipment', 'awb', 'isbn', 'sku', 'serial', 'build',
  'pedido', 'factura', 'referencia', 'seguimiento', 'envío', 'commande', 'suivi', 'bestellung', 'sendung', 'rechnung',
  '注文', '追跡', '주문', '송장', '운송장', '订单', '快递', '单号',
]);

function isPhone(ctx: FindContext, seq: DigitSequence, previousEnd: number): boolean {
  // Cheapest first: most digit sequences in text are years, counts and prices.
  if (seq.groups.length > 6) return false;
  let n = 0;
  for (const [a, b] of seq.groups) n += b - a;
  if (n < 7 || n > 15) return false;
  // A decimal part after it: a price or a measurement (`123 456,78`).
  const after = ctx.text.charCodeAt(seq.end);
  if ((after === 44 || after === 46) && isDigitAt(ctx.text, seq.end + 1)) return false;
  const dotted = seq.separators.some((s) => s.includes('.'));
  if (dotted && !seq.separators.every((s) => s === '.')) return false;
  const lengths = groupLengths(seq);
  if (seq.lead.startsWith('+')) {
    if (n < 8) return false;
    // A country code of 1–4 digits, then groups of up to 10.
    return lengths.slice(1).every((l) => l <= 10) && (lengths[0] as number) <= (lengths.length === 1 ? 15 : 4);
  }
  // The keyword must be this number's: not before another number. An id word right before it
  // (`Order 415-555-0132`, `tracking 7489 2345 6789`) says it is not a phone number.
  const notAnId = () => !ctx.keywords.inWindow(ID_KEYWORDS, seq.start, Math.max(previousEnd, seq.start - 15));
  const keyword = () => ctx.keywords.near(PHONE_KEYWORDS, seq.start, previousEnd) && notAnId();
  if (seq.groups.length === 1) return keyword();
  // Subscriber groups of up to 8 digits after a trunk `0` (`030 12345678`, `010-12345678`); 6 otherwise.
  const maxGroup = ctx.text.charCodeAt(firstDigit(seq)) === 48 ? 8 : 6;
  if (lengths.some((l) => l < 2 || l > maxGroup)) return false;
  if (seq.groups.length > 5) return false;
  const shape = lengths.join('-');
  if (shape === '3-2-4') return false; // US SSN layout
  if (shape === '4-2-2' || shape === '2-2-4') return false; // dates
  if (n === 13 && /^97[89]/.test(sequenceDigits(ctx.text, seq))) return false; // ISBN-13
  if (dotted && (seq.groups.length === 4 || !(shape === '3-3-4' || shape === '2-2-2-2-2'))) return false; // dotted quads, versions
  // 1 000 000 grouping: every group after the first has 3 digits.
  if (seq.groups.length >= 3 && lengths.slice(1).every((l) => l === 3) && seq.separators.every((s) => s === ' ' || s === '.')) return keyword();
  // Chunks of 4 (`7489 2345 6789`): card, account and tracking layouts more often than a phone plan.
  if (seq.groups.length >= 3 && lengths.every((l) => l === 4)) return keyword();
  if (n >= 9 && n <= 12) return notAnId();
  return keyword();
}

function isDigitAt(text: string, i: number): boolean {
  const c = i < text.length ? text.charCodeAt(i) : -1;
  return c >= 48 && c <= 57;
}
