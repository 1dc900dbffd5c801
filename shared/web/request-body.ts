import type { Context } from 'hono';
import { invalidJson, unsupportedMediaType } from './http-errors';

export type ParsedBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; value: Record<string, string> }
  | { kind: 'error'; response: Response };

/** An unpaired UTF-16 surrogate: JSON can spell one (`"\ud800"`), UTF-8 text cannot. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Strings as a form post would deliver them: a lone surrogate becomes U+FFFD, so what is stored,
 * shown and mailed is valid Unicode whichever way it was sent.
 */
const wellFormedStrings = (_key: string, value: unknown) =>
  typeof value === 'string' ? value.replace(loneSurrogate, '\uFFFD') : value;

/** Reads a JSON or urlencoded body; anything else is refused with 415, broken JSON with 400. */
export async function readBody(c: Context): Promise<ParsedBody> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    try {
      return { kind: 'json', value: JSON.parse(await c.req.text(), wellFormedStrings) };
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
