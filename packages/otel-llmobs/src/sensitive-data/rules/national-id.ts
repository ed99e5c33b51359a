import { keywordSet } from '../keywords.js';
import { ssnValid } from '../validators.js';
import { groupLengths } from './digit-sequences.js';
import type { DetectionRule } from './rule.js';

export const SSN_KEYWORDS = keywordSet([
  'ssn', 'ss#', 'ss #', 'social security', 'soc sec', 'social sec', 'seguro social', 'numero de seguro', 'número de seguro', 'sécurité sociale',
  '社会保障', 'ソーシャルセキュリティ', '사회보장',
]);

/** US SSN: `AAA-GG-SSSS` or `AAA GG SSSS` (one kind of separator), or 9 bare digits near a keyword; area/group/serial ranges checked. */
export const usSsnRule: DetectionRule = {
  entityType: 'US_SSN',
  category: 'national_id',
  specificity: 3,
  numberKeywords: SSN_KEYWORDS,
  find(ctx, emit) {
    const text = ctx.text;
    ctx.eachDigitSequence((seq) => {
      if (seq.lead !== '') return;
      const lengths = groupLengths(seq);
      let area: string, group: string, serial: string;
      if (lengths.length === 3 && lengths[0] === 3 && lengths[1] === 2 && lengths[2] === 4) {
        const [s1, s2] = seq.separators as [string, string];
        if (s1 !== s2 || (s1 !== '-' && s1 !== ' ')) return;
        const [g0, g1, g2] = seq.groups as [[number, number], [number, number], [number, number]];
        area = text.slice(g0[0], g0[1]);
        group = text.slice(g1[0], g1[1]);
        serial = text.slice(g2[0], g2[1]);
      } else if (lengths.length === 1 && lengths[0] === 9) {
        if (!ctx.keywords.near(SSN_KEYWORDS, seq.start)) return;
        const digits = text.slice(seq.start, seq.end);
        area = digits.slice(0, 3);
        group = digits.slice(3, 5);
        serial = digits.slice(5);
      } else return;
      if (ssnValid(area, group, serial)) emit(seq.start, seq.end);
    });
  },
};
