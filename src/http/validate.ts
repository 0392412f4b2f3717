import type { Context } from 'hono';
import { validator } from 'hono/validator';
import * as v from 'valibot';
import { reject } from './errors';

type QuerySchema = v.GenericSchema<Record<string, string | undefined>>;

/**
 * Hono's validator over a valibot schema of the query string: the first broken rule's message is the 400's error,
 * so each schema's messages say what to fix.
 */
export function validQuery<Schema extends QuerySchema>(schema: Schema) {
  return validator('query', (value: Record<string, string | string[]>) => checkedQuery(schema, value));
}

/** The same check inside a handler, for a route that first decides whether it is the one to answer. */
export function queryOf<Schema extends QuerySchema>(c: Context, schema: Schema): v.InferOutput<Schema> {
  return checkedQuery(schema, c.req.queries());
}

/** A query parameter that is a whole number from 1 to `max`, in digits (no sign, point or exponent); kept a string. */
export function wholeNumberParam(max: number, message: string) {
  return v.pipe(
    v.string(),
    v.check((value) => /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= max, message),
  );
}

// A repeated parameter counts by its first value, as `c.req.query` reads it.
function checkedQuery<Schema extends QuerySchema>(schema: Schema, value: Record<string, string | string[]>): v.InferOutput<Schema> {
  const first = Object.fromEntries(Object.entries(value).map(([key, given]) => [key, Array.isArray(given) ? given[0] : given]));
  const result = v.safeParse(schema, first, { abortEarly: true });
  if (!result.success) reject(400, result.issues[0].message);
  return result.output;
}
