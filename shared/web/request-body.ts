import type { Context } from 'hono';
import { invalidJson, unsupportedMediaType } from './http-errors';

export type ParsedBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; value: Record<string, string> }
  | { kind: 'error'; response: Response };

/** Reads a JSON or urlencoded body; anything else is refused with 415, broken JSON with 400. */
export async function readBody(c: Context): Promise<ParsedBody> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    try {
      return { kind: 'json', value: JSON.parse(await c.req.text()) };
    } catch {
      return { kind: 'error', response: c.json(invalidJson, 400) };
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    const params = new URLSearchParams(await c.req.text());
    const value: Record<string, string> = {};
    for (const [key, entry] of params) value[key] = entry;
    return { kind: 'form', value };
  }
  return { kind: 'error', response: c.json(unsupportedMediaType, 415) };
}
