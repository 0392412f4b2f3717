// hono/tiny (PatternRouter): the smallest of Hono's presets; a few dozen routes need no faster router, and the
// pixel skips routing altogether. The whole script loads on every cold start, so size is what counts here.
import { Hono } from 'hono/tiny';
import { parseConfig } from '../config';
import type { AppEnv } from '../http/app-env';
import { answerError } from '../http/errors';
import { badgeRoutes } from './badge';
import { githubWebhookRoutes } from './github-webhook';
import { chartRoutes } from './chart';
import { healthRoutes } from './health';
import { landingRoutes } from './landing';
import { linkRoutes } from './link';
import { reportRoutes } from './report';

/** Every endpoint but the pixel (src/index.ts answers it first): each group mounted where it answers. Only mounts. */
export const app = new Hono<AppEnv>()
  .use(async (c, next) => {
    c.set('config', parseConfig(c.env));
    await next();
  })
  .route('/badge', badgeRoutes)
  .route('/chart', chartRoutes)
  .route('/report', reportRoutes)
  .route('/health', healthRoutes)
  .route('/github', githubWebhookRoutes)
  .route('/l', linkRoutes)
  .route('/', landingRoutes)
  .notFound((c) => c.json({ error: 'Not found. The endpoints are listed at /.' }, 404))
  .onError((error, c) => answerError(c, error));
