// Pure helpers that turn a daily series from /report/{owner}/{repo} into what the dashboard draws. No DOM here,
// so they are tested on their own (test/chart-data.test.ts).

/** Days before a series' first non-zero value are missing data (before tracking began), not zeros: null. */
export function gapsBeforeData(values) {
  const first = values.findIndex((value) => value !== null && value !== undefined && value !== 0);
  return first < 0 ? values.map(() => null) : values.map((value, i) => (i < first ? null : (value ?? null)));
}

/**
 * Stars per 1,000 README impressions over the `window` days ending each day: daily counts are small, so one star
 * makes a day jump from 0 to 20 and back. null where the window holds no impressions or starts before tracking.
 */
export function rollingConversion(days, window = 7) {
  const firstTracked = days.findIndex((day) => day.readmeImpressions > 0);
  return days.map((_, i) => {
    if (firstTracked < 0 || i - window + 1 < firstTracked) return null;
    let stars = 0;
    let impressions = 0;
    for (let j = i - window + 1; j <= i; j++) {
      stars += days[j].starsGained ?? 0;
      impressions += days[j].readmeImpressions ?? 0;
    }
    return impressions > 0 ? (stars / impressions) * 1000 : null;
  });
}

/** Each day's own ratio, for faint points beside the rolling line; null before tracking began. */
export function dailyConversion(days) {
  const firstTracked = days.findIndex((day) => day.readmeImpressions > 0);
  return days.map((day, i) => (firstTracked < 0 || i < firstTracked ? null : (day.ratios?.starsPer1kImpressions ?? null)));
}

/** README render rate in %, null before the pixel counted anything (it was not there, not "never rendered"). */
export function renderRatePercent(days) {
  const firstTracked = days.findIndex((day) => day.readmeImpressions > 0);
  return days.map((day, i) =>
    firstTracked < 0 || i < firstTracked || day.ratios?.readmeRenderRate == null ? null : day.ratios.readmeRenderRate * 100,
  );
}

/** Top referrers or paths, most viewed first (ties by unique visitors, then by name). */
export function byViews(items) {
  return [...items].sort((a, b) => b.count - a.count || b.uniques - a.uniques || a.key.localeCompare(b.key));
}

/** The first and last day holding any figure, or null when the series is empty. */
export function dataSpan(days) {
  const has = (day) => day.readmeImpressions > 0 || day.views > 0 || day.clones > 0 || (day.starsGained ?? 0) !== 0 || day.stars !== null;
  const first = days.find(has);
  const last = [...days].reverse().find(has);
  return first && last ? { from: first.day, to: last.day } : null;
}

/** Whether `from`–`to` is a range the report takes: both full dates, in order, at most `maxDays` days. */
export function checkRange(from, to, maxDays = 731) {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!day.test(from) || !day.test(to)) return 'Pick both dates.';
  if (from > to) return 'The first date is after the second.';
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  return days > maxDays ? `At most ${maxDays} days (two years) at a time.` : null;
}
