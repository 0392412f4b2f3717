/** How counts read in sentences: "1 day", "2 days", "12,345 views". Pure. */

const whole = new Intl.NumberFormat('en');

/** `count` with thousands separators and `noun`, plural unless the count is 1 (`plural` for nouns that take more than an s). */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${whole.format(count)} ${count === 1 ? noun : plural}`;
}
