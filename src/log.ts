/**
 * Structured log lines (one JSON object each), read in Workers Logs. Callers pass only what helps debugging:
 * repository, step, error message. Never an IP, a user agent, a token or a request header.
 */
export type LogEntry = Record<string, unknown> & { level: 'info' | 'warn' | 'error'; message: string };
export type Log = (entry: LogEntry) => void;

export function logLine(entry: LogEntry): void {
  const line = JSON.stringify(entry);
  if (entry.level === 'error') console.error(line);
  else console.log(line);
}

export function logError(message: string, fields: Record<string, unknown>, error?: unknown): void {
  logLine({ level: 'error', message, ...fields, error: error === undefined ? undefined : describeError(error) });
}

/** An error's message, whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
