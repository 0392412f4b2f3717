import { RepoCounter } from './counter/repo-counter';
import { splitRequestUrl } from './http/request-parts';
// With the script, not on the first cron run: see counter/repo-counter.ts.
import { runScheduled } from './jobs/scheduled';
import { RepoRegistry } from './registry/repo-registry';
import { PIXEL_PREFIX, servePixel } from './routes/pixel';
import { app } from './routes/router';

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
