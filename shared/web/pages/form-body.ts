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
  return { ok: false, response: await c.html(badRequestPage(), body.kind === 'json' ? 415 : 400) };
}
