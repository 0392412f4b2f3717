import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { logError } from '../log';
import { StorageFault } from '../storage/storage-fault';

/**
 * An expected error: the request can be fixed, and `message` says how. Thrown by routes and validators, answered
 * by answerError as `{ error: message, ...details }` with its 4xx. Hono's own HTTPExceptions (a malformed body)
 * are answered the same way.
 */
export class RequestError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(status, { message });
  }
}

/** Ends the request with an expected error (see RequestError). */
export function reject(status: ContentfulStatusCode, message: string, details?: Record<string, unknown>): never {
  throw new RequestError(status, message, details);
}

/**
 * The Worker's answers to what was thrown: an expected error is its 4xx with what to fix; a storage fault is a
 * 503 that says to try again (it passes); anything else is a bug, logged and answered 500 without internals.
 */
export function answerError(
  c: Context,
  error: unknown,
  storageMessage = 'Storage could not be reached (it has been logged): try again in a minute.',
): Response {
  if (error instanceof HTTPException) {
    const details = error instanceof RequestError ? error.details : {};
    return c.json({ error: error.message, ...details }, error.status as ContentfulStatusCode);
  }
  if (error instanceof StorageFault) {
    logError('storage fault', { method: c.req.method, path: c.req.path }, error);
    c.header('Retry-After', '60');
    return c.json({ error: storageMessage }, 503);
  }
  logError('unhandled error', { method: c.req.method, path: c.req.path }, error);
  return c.json({ error: 'Internal error. It has been logged.' }, 500);
}
