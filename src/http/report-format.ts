import type { Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from './app-env';

/** `?format=` of a report: JSON or CSV (by default, what the Accept header asks for). */
export const ReportFormat = v.optional(v.picklist(['json', 'csv'], 'format must be json or csv.'));

/** The format asked for with `?format=`, else `Accept: text/csv`, else JSON. */
export function negotiateFormat(c: Context<AppEnv>, format: v.InferOutput<typeof ReportFormat>): 'json' | 'csv' {
  return format ?? ((c.req.header('accept') ?? '').includes('text/csv') ? 'csv' : 'json');
}

export function csvResponse(c: Context<AppEnv>, csv: string, filename: string): Response {
  return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `inline; filename="${filename}"` });
}
