import { Hono } from 'hono';
import { idPattern } from '../../domain/ids';
import { register } from '../../use-cases/register';
import { clientAddress } from '../client-address';
import type { SiteDeps } from '../deps';
import { publicEventJson } from '../event-json';
import { registrationFromForm } from '../form-input';
import { mapDomainErrors } from '../http-errors';
import { readBody } from '../request-body';

export const registrationAcceptedMessage =
  'Děkujeme. Na zadaný e-mail jsme poslali zprávu s podrobnostmi a odkazem pro zrušení registrace.';

/** The public JSON contract: events and the registration endpoint. */
export function publicApiRoutes(deps: SiteDeps): Hono {
  const api = new Hono();
  api.onError(mapDomainErrors);

  api.get('/events', async (c) => {
    const now = deps.now();
    const events = await deps.events.listEventsByStart({ from: now.toISOString() });
    return c.json(
      events
        .filter((e) => e.status === 'published' && !e.hidden)
        .map((e) => publicEventJson(e, now.getTime())),
    );
  });

  api.get('/events/:id', async (c) => {
    const id = c.req.param('id');
    const event = idPattern.test(id) ? await deps.events.getEvent(id) : undefined;
    if (!event || event.status === 'draft') {
      return c.json(
        { errors: [{ field: 'id', code: 'not_found', message: 'Akce nenalezena.' }] },
        404,
      );
    }
    return c.json(publicEventJson(event, deps.now().getTime()));
  });

  api.post('/events/:id/registrations', async (c) => {
    const body = await readBody(c);
    if (body.kind === 'error') return body.response;
    const id = c.req.param('id');
    if (!idPattern.test(id)) {
      return c.json(
        { errors: [{ field: 'id', code: 'not_found', message: 'Akce nenalezena.' }] },
        404,
      );
    }
    const input = body.kind === 'form' ? registrationFromForm(body.value) : body.value;
    const result = await register(deps, id, input, { clientAddress: clientAddress(c) });
    return c.json({ status: result.status, message: registrationAcceptedMessage }, 201);
  });

  return api;
}
