import { Hono } from 'hono';
import packageJson from '../../package.json';
import type { AppEnv } from './app-env';

/** `GET /health`: `{ ok, version }`, and 503 with what to fix when the configuration is wrong. */
export const healthRoutes = new Hono<AppEnv>().get('/', (c) => {
  const { problems } = c.var.config;
  if (problems.length > 0) return c.json({ ok: false, version: packageJson.version, problems }, 503);
  return c.json({ ok: true, version: packageJson.version });
});
