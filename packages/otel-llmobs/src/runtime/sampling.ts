/**
 * Client-side sampling of whole LLM Observability traces.
 *
 * dd-trace decides at the LLMObs root and still sends every span with the decision attached
 * (the backend drops them), so its sample rate saves nothing on the wire. We decide per trace and
 * simply do not export unsampled traces.
 *
 * The decision is a pure function of the OTel trace id, so every service of a distributed trace
 * makes the same decision without any propagation (a propagated decision, from dd-trace or from
 * us, still wins). It follows the OTel consistent-probability rule: the last 56 bits of a W3C
 * trace id are random (`R`), and a trace is kept when `R >= (1 - rate) · 2^56`, so raising the rate
 * only ever adds traces.
 */
export interface SamplingDecision {
  /** The rate in force where the decision was made. */
  rate: number;
  decision: boolean;
}

const TWO_POW_56 = 2 ** 56;

export function sampleTrace(traceId: string, rate: number): SamplingDecision {
  if (rate >= 1) return { rate, decision: true };
  if (rate <= 0) return { rate, decision: false };
  const random = randomnessOf(traceId);
  // A trace id that is not 32 hex digits cannot be sampled consistently; keep it (fail open:
  // losing data silently is worse than sending a little more).
  if (random === undefined) return { rate, decision: true };
  return { rate, decision: random >= (1 - rate) * TWO_POW_56 };
}

/** The low 56 bits of the trace id as a number (exact to ~2^-53 relative, plenty for a threshold). */
function randomnessOf(traceId: string): number | undefined {
  if (!/^[0-9a-fA-F]{32}$/.test(traceId)) return undefined;
  const high = parseInt(traceId.slice(18, 25), 16); // bits 55..28
  const low = parseInt(traceId.slice(25), 16); // bits 27..0
  return high * 2 ** 28 + low;
}

/** dd-trace's textual rate (`"1"`, `"0.5"`, `"0"`), as propagated in `_dd.p.llmobs_sr`. */
export function formatSampleRate(rate: number): string {
  if (rate >= 1) return '1';
  if (rate <= 0) return '0';
  // Up to 6 decimals without trailing zeros, as dd-trace's Knuth formatting does.
  return String(Number(rate.toFixed(6)));
}

/** A propagated rate (`_dd.p.llmobs_sr`); `undefined` unless it is a number in [0, 1]. */
export function parseSampleRate(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : undefined;
}

/** A propagated decision (`_dd.p.llmobs_sd`): `1` keeps, `0` (or a negative priority) drops. */
export function parseSamplingDecision(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.trim());
  if (!Number.isFinite(n) || text.trim() === '') return undefined;
  return n > 0;
}
