import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { parseChartQuery } from '../charts/chart-query';
import { cumulativeStars, everyDayOf, rangeStart, type ChartRange } from '../charts/chart-series';
import { renderChart, type ChartPoint, type ChartSpec, type ChartTheme } from '../charts/chart-svg';
import { counterFor } from '../counter/counter-client';
import { FIRST_DAY, utcDay } from '../dates';
import { logError } from '../log';
import { resolveTrackedRepo, repoSlug, type RepoRef } from '../repos';
import { readHistory, storesOf } from '../stores/repo-store';
import { guard, StorageFault } from '../storage/storage-fault';
import type { AppEnv } from '../http/app-env';
import { chartResponse } from '../http/image-response';
import { countOf } from '../wording';

/**
 * `GET /chart/{owner}/{repo}/stars.svg` (stars held over time) and `/impressions.svg` (README impressions per
 * day): public like the badge, they count no view. `?markers=versions,bursts` marks when README versions went
 * live and the bursts. Bad input still gets a valid SVG saying what is wrong.
 */
export const chartRoutes = new Hono<AppEnv>().get('/:owner/:repo/:file', async (c) => {
  const query = parseChartQuery(c.req.query());
  const kind = ({ 'stars.svg': 'stars', 'impressions.svg': 'impressions' } as const)[c.req.param('file') as 'stars.svg'];
  if (!kind) return message(query.theme, 'Not a chart: use stars.svg or impressions.svg', 404);
  const resolved = resolveTrackedRepo(c.req.param('owner'), c.req.param('repo'), c.var.config.tracked);
  if (!resolved.ok) return message(query.theme, `Not tracked here: ${c.req.param('owner')}/${c.req.param('repo')}`, 404);
  if (!query.ok) return message(query.theme, query.error, 400);
  const today = utcDay(Date.now());
  const from = rangeStart(query.range, today);
  try {
    const spec =
      kind === 'stars' ? await starsChart(c, resolved.ref, today) : await impressionsChart(c, resolved.ref, today, from, query.range);
    const points = from === null ? spec.points : spec.points.filter((point) => point.day >= from);
    const first = points[0]?.day;
    const markers =
      query.markers.length > 0 && first !== undefined
        ? await guard('reading the markers', () =>
            counterFor(c.env.COUNTER, resolved.ref).chartMarkers({ from: first, to: today }, Date.now(), query.markers),
          )
        : [];
    return chartResponse(renderChart({ ...spec, points, theme: query.theme, markerKinds: query.markers, markers }), 200);
  } catch (error) {
    // An image stays an image: a README shows this one, never the JSON of the Worker's error handler.
    logError('chart not drawn', { repo: repoSlug(resolved.ref) }, error);
    if (error instanceof StorageFault) return message(query.theme, 'Unavailable for a moment: try again in a minute', 503);
    return message(query.theme, 'Not drawn: an error (it has been logged)', 500);
  }
});

async function starsChart(c: Context<AppEnv>, ref: RepoRef, today: string): Promise<Omit<ChartSpec, 'theme'>> {
  const { total, points } = cumulativeStars(await readHistory(storesOf(c.env), ref), today);
  return {
    title: repoSlug(ref),
    // The latest count, whatever the range drawn: say so.
    figure: total === null ? 'stars' : `★ ${countOf(total, 'star')} today`,
    axisTitle: 'stars held at the end of the day',
    description: 'Stars over time',
    points,
    emptyText: 'No stars recorded yet: the collector fills this in',
    accent: 'stars',
  };
}

/** The days an impressions chart's total covers, as its headline says them. */
const OVER: Record<ChartRange, string> = { all: 'in all', '1y': 'in the last year', '90d': 'in the last 90 days' };

async function impressionsChart(
  c: Context<AppEnv>,
  ref: RepoRef,
  today: string,
  from: string | null,
  range: ChartRange,
): Promise<Omit<ChartSpec, 'theme'>> {
  // Summed per day by the counter: a year of every page and source would cross into the Worker ~5 rows a day.
  const counted = await guard('reading views', () => counterFor(c.env.COUNTER, ref).readmeImpressionsByDay(from ?? FIRST_DAY, today));
  const first = counted.firstViewDay;
  const points: ChartPoint[] = first === null ? [] : everyDayOf(counted.perDay, from ?? first, today);
  const total = points.reduce((sum, point) => sum + point.value, 0);
  return {
    title: repoSlug(ref),
    figure: `${countOf(total, 'README impression')} ${OVER[range]}`,
    axisTitle: 'README impressions per day',
    description: 'README impressions per day',
    points,
    emptyText: 'No README impressions counted yet',
    accent: 'impressions',
  };
}

function message(theme: ChartTheme, text: string, status: number): Response {
  return chartResponse(
    renderChart({
      title: 'repo-impressions',
      figure: '',
      axisTitle: '',
      description: 'No chart',
      points: [],
      theme,
      emptyText: text,
      accent: 'stars',
    }),
    status,
  );
}
