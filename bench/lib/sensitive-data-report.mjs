// The sensitive-data section of RESULTS.md, from `{ node20, node22 }` results of bench/sensitive-data.mjs.

/** Markdown lines for RESULTS.md. */
export function renderSensitiveData(results) {
  const L = ['## 8. Sensitive-data scanner', ''];
  L.push('`scanSensitiveData` (the processor stage runs the same scanner, plus the replacements) on one core, median of several runs after a warm-up. Budget (spec §8, Node 22): ≤ 20 µs/KB typical, ≤ 5 µs/KB with no candidates, 100 KB ≤ 3 ms, 1 MB ≤ 12 × 100 KB.', '');
  L.push('| Node | typical 100 KB | µs/KB | typical 1 MB | no candidates 100 KB | µs/KB | 1 MB ÷ 100 KB (typical / plain) | short messages µs/KB |');
  L.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const v of Object.values(results)) {
    L.push(`| ${v.node} | ${v.typical100k.ms} ms | ${v.typical100k.usPerKb} | ${v.typical1m.ms} ms | ${v.plain100k.ms} ms | ${v.plain100k.usPerKb} | ${v.linearity.typical}× / ${v.linearity.plain}× | ${v.shortMessages.usPerKb} |`);
  }
  L.push('', 'Adversarial inputs (µs per KB):', '');
  L.push(`| input | ${Object.values(results).map((v) => v.node).join(' | ')} |`);
  L.push(`|---|${Object.values(results).map(() => '---:').join('|')}|`);
  for (const name of Object.keys(Object.values(results)[0]?.adversarial ?? {})) {
    L.push(`| ${name} | ${Object.values(results).map((v) => v.adversarial[name].usPerKb).join(' | ')} |`);
  }
  L.push('');
  return L;
}
