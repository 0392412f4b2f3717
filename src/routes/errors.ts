import type { Context } from 'hono';
import { logError } from '../log';
import { StorageFault } from '../storage/storage-fault';

/**
 * The Worker's answers to what was thrown: a storage fault is a 503 that says to try again (it passes); anything
 * else is a bug, logged and answered 500 without internals. Expected errors never get here: routes answer them
 * with a 4xx saying what to fix.
 */
export function answerError(
  c: Context,
  error: unknown,
  storageMessage = 'Storage could not be reached (it has been logged): try again in a minute.',
): Response {
  if (error instanceof StorageFault) {
    logError('storage fault', { method: c.req.method, path: c.req.path }, error);
    c.header('Retry-After', '60');
    return c.json({ error: storageMessage }, 503);
  }
  logError('unhandled error', { method: c.req.method, path: c.req.path }, error);
  return c.json({ error: 'Internal error. It has been logged.' }, 500);
}
