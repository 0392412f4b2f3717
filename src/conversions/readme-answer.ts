import { countOf, withSeparators } from '../wording';
import { compareCounts, showBound, showTimes, type ComparedCounts, type CurrentVersion } from './readme-versions';

/**
 * "Which README converts", answered in a sentence for the top of the dashboard: the live README against the one
 * before it, or how far it is from telling. Pure.
 */
export interface ReadmeAnswer {
  kind: 'better' | 'worse' | 'too-early' | 'first' | 'unknown';
  text: string;
}

export function readmeAnswer(readme: CurrentVersion | null): ReadmeAnswer {
  if (!readme) return { kind: 'unknown', text: 'No README version known yet: the collector reads them from GitHub.' };
  const live = `live ${readme.daysLive === undefined ? `since ${readme.since}` : countOf(readme.daysLive, 'day')}`;
  const comparison = readme.versusPrevious;
  if (!comparison) {
    return readme.previous
      ? { kind: 'too-early', text: `Too early to tell: no stars yet under this README or the one before (${readme.label}, ${live}).` }
      : { kind: 'first', text: `The README (${readme.label}, ${live}) has no version before it to compare with.` };
  }
  const span = `95%: ${showBound(comparison.low)}–${showBound(comparison.high)}×`;
  if (comparison.low > 1)
    return { kind: 'better', text: `Converts ${showTimes(comparison.ratio)}× better than the README before it (${span}), ${live}.` };
  if (comparison.high < 1)
    return { kind: 'worse', text: `Converts ${showTimes(comparison.ratio)}× as well as the README before it (${span}), ${live}.` };
  const needed = readme.compared ? impressionsToTell(readme.compared) : null;
  const more =
    needed === null
      ? 'more impressions of this README alone may never tell them apart'
      : `about ${roughly(needed)} more ${readme.compared?.basis === 'views' ? 'page views' : 'README impressions'} needed`;
  return { kind: 'too-early', text: `Too early to tell: ${more} (${span}), ${live}.` };
}

/** How the number of impressions still needed is estimated, for the page to say beside it. */
export const IMPRESSIONS_TO_TELL_RULE =
  'if stars keep coming under each README at the rate seen so far, the live one needs about this many more for the 95% interval to leave 1× (said up to 20 times the impressions it has had)';

/**
 * How many more impressions (of the comparison's basis) the live README needs before the 95% interval of its
 * ratio leaves 1×, if its stars keep coming at its rate so far and the previous README's figures stay as they are.
 * null when no such number exists within 20 times its impressions so far (a number past that is no answer): the rates are too close, the
 * live one has no stars yet, or the README before has too few stars for its own rate to be known well enough.
 */
export function impressionsToTell(compared: ComparedCounts): number | null {
  const { previous, current } = compared;
  const rate = current.stars / current.exposure;
  const tells = (extra: number) => {
    const exposure = current.exposure + extra;
    const { low, high } = compareCounts({ ...compared, current: { exposure, stars: Math.round(rate * exposure) } });
    return low > 1 || high < 1;
  };
  if (tells(0)) return 0;
  if (current.stars === 0 || previous.stars === 0) return null;
  // Doubling to a bound that tells, then halving the gap: ~40 intervals at most.
  let [low, high] = [0, current.exposure];
  while (!tells(high)) {
    if (high > MAX_TIMES_SO_FAR * current.exposure) return null;
    [low, high] = [high, high * 2];
  }
  while (high - low > Math.max(1, high / 100)) {
    const middle = Math.floor((low + high) / 2);
    if (tells(middle)) high = middle;
    else low = middle;
  }
  return high > MAX_TIMES_SO_FAR * current.exposure ? null : high;
}

/** Past 20 times the impressions so far, "about N more" would be no answer. */
const MAX_TIMES_SO_FAR = 20;

/** A count to two significant figures: an estimate should not look exact. */
function roughly(count: number): string {
  const digits = Math.max(0, String(Math.round(count)).length - 2);
  const rounded = Math.ceil(count / 10 ** digits) * 10 ** digits;
  return withSeparators(rounded);
}
