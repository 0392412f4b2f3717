import { readBoundedBody } from './bounded-body';
import { reject } from './errors';

/**
 * A small JSON object body, or the 4xx that says what to send (`example`): 413 past `maxBytes` (the rest is never
 * read), 400 when it is not JSON or not an object.
 */
export async function readJsonObject(request: Request, maxBytes: number, example: string): Promise<Record<string, unknown>> {
  const bytes = await readBoundedBody(request, maxBytes);
  if (bytes === null) reject(413, `The body is larger than ${maxBytes} bytes: send only ${example}`);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    reject(400, `The body must be JSON, such as ${example}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) reject(400, `The body must be a JSON object, such as ${example}`);
  return body as Record<string, unknown>;
}
