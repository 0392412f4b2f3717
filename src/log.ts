/**
 * Structured log lines (one JSON object each), read in Workers Logs. Callers pass only what helps debugging:
 * repository, step, error message. Never an IP, a user agent, a token or a request header.
 */
export function logError(message: string, fields: Record<string, unknown>, error?: unknown): void {
  console.error(JSON.stringify({ level: 'error', message, ...fields, error: describeError(error) }));
}

function describeError(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
