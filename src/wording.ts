/** How counts read: in sentences ("1 day", "2 days", "12,345 views"), and short on badges and charts ("1.2k"). Pure. */

const whole = new Intl.NumberFormat('en');

/** `count` with thousands separators: 12,345. */
export function withSeparators(count: number): string {
  return whole.format(count);
}

/** `count` with thousands separators and `noun`, plural unless the count is 1 (`plural` for nouns that take more than an s). */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${withSeparators(count)} ${count === 1 ? noun : plural}`;
}

const UNITS = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
] as const;

/**
 * Abbreviates a count like shields does (1.2k, 34k, 5.6M), but rounds down so a badge never shows more views than
 * were counted: 1,299 is "1.2k", 999,999 is "999k".
 */
export function formatCount(count: number): string {
  for (const [size, unit] of UNITS) {
    if (count < size) continue;
    const scaled = count / size;
    const decimals = scaled < 10 ? 1 : 0;
    const factor = 10 ** decimals;
    return `${Math.floor(scaled * factor) / factor}${unit}`;
  }
  return String(count);
}
