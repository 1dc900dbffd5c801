import type { Context } from 'hono';
import { readBody } from '../request-body';
import { badRequestPage } from './error-pages';

export type FormBody =
  | { ok: true; form: Record<string, string> }
  | { ok: false; response: Response };

/** Reads a urlencoded form post; anything else gets an HTML page, as browsers post these. */
export async function readForm(c: Context): Promise<FormBody> {
  const body = await readBody(c);
  if (body.kind === 'form') return { ok: true, form: body.value };
  // Only urlencoded forms post here: JSON, text, multipart or no type at all is unsupported.
  return { ok: false, response: await c.html(badRequestPage(), 415) };
}
