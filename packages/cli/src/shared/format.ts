// Human formatting shared by the terminal printer and the viewer.

/** 1.23 s, 14.4 ms, 850 µs, 120 ns. */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return '—';
  const abs = Math.abs(ns);
  if (abs >= 60e9) {
    const m = Math.floor(ns / 60e9);
    const sec = Math.round((ns - m * 60e9) / 1e9);
    if (m >= 60 && sec === 0 && m % 60 === 0) return `${m / 60} h`;
    return sec === 0 ? `${m} min` : `${m} min ${sec} s`;
  }
  if (abs >= 1e9) return `${trim(ns / 1e9)} s`;
  if (abs >= 1e6) return `${trim(ns / 1e6)} ms`;
  if (abs >= 1e3) return `${trim(ns / 1e3)} µs`;
  return `${Math.round(ns)} ns`;
}

function trim(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

/** 1,234 / 12.3k / 4.5M */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (Math.abs(n) >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return Math.round(n).toLocaleString('en-US');
}

/** Abbreviated id for display: first 8 … last 4. */
export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}

/** An estimated cost: `$1.27`, `$0.042`, `$0.00015` (two significant digits under a dollar), `<$0.000001`. */
export function formatUsd(usd: number): string {
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd === 0) return '$0';
  if (usd < 1e-6) return '<$0.000001';
  return `$${Number(usd.toPrecision(2))}`;
}
