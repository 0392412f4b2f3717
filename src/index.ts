// hono/tiny (PatternRouter): the smallest of Hono's presets; a few dozen routes need no faster router, and the
// pixel skips routing altogether. The whole script loads on every cold start, so size is what counts here.
import { Hono } from 'hono/tiny';
import { parseConfig } from './config';
import { RepoCounter } from './counter/repo-counter';
import { RepoRegistry } from './registry/repo-registry';
import type { AppEnv } from './routes/app-env';
import { badgeRoutes } from './routes/badge';
import { chartRoutes } from './routes/chart';
import { answerError } from './routes/errors';
import { healthRoutes } from './routes/health';
import { landingRoutes } from './routes/landing';
import { PIXEL_PREFIX, servePixel } from './routes/pixel';
import { reportRoutes } from './routes/report';
import { splitRequestUrl } from './routes/request-parts';
// With the script, not on the first cron run: see counter/repo-counter.ts.
import { runScheduled } from './jobs/scheduled';

const app = new Hono<AppEnv>()
  .use(async (c, next) => {
    c.set('config', parseConfig(c.env));
    await next();
  })
  .route('/badge', badgeRoutes)
  .route('/chart', chartRoutes)
  .route('/report', reportRoutes)
  .route('/health', healthRoutes)
  .route('/', landingRoutes)
  .notFound((c) => c.json({ error: 'Not found. The endpoints are listed at /.' }, 404))
  .onError((error, c) => answerError(c, error));

export { RepoCounter, RepoRegistry };

export default {
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(env, controller.cron, controller.scheduledTime));
  },
  fetch(request, env, ctx) {
    const { pathname, query } = splitRequestUrl(request.url);
    // The pixel, the one hot path, is answered before the router (see servePixel).
    if (pathname.startsWith(PIXEL_PREFIX)) return servePixel(request, env, ctx, pathname, query);
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
