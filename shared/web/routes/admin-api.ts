import { Hono } from 'hono';
import { NotFoundError } from '../../domain/errors';
import { idPattern } from '../../domain/ids';
import { cancelBurst, listBursts } from '../../use-cases/cancel-burst';
import { cancelRegistration, promoteFromWaitlist } from '../../use-cases/cancel-registration';
import { cancelEvent, createEvent, publishEvent, updateEvent } from '../../use-cases/manage-events';
import { requireOrganiserApi } from '../auth';
import type { AppDeps } from '../deps';
import { adminEventJson } from '../event-json';
import { mapDomainErrors } from '../http-errors';
import { readBody } from '../request-body';
import { registrationsCsvDownload } from './admin-downloads';
import { downloadResponse } from './indicator-api';

/** Organiser JSON API; every route needs the organiser credential. */
export function adminApiRoutes(deps: AppDeps): Hono {
  const api = new Hono();
  api.onError(mapDomainErrors);
  api.use('*', requireOrganiserApi(deps.auth));
  const promote = (eventId: string) => promoteFromWaitlist(deps, eventId);

  const eventId = (id: string) => {
    if (!idPattern.test(id)) throw new NotFoundError('event', 'Akce nenalezena.');
    return id;
  };

  api.get('/events', async (c) => {
    const now = deps.now().getTime();
    const events = await deps.events.listEventsByStart();
    return c.json(events.map((e) => adminEventJson(e, now)));
  });

  api.post('/events', async (c) => {
    const body = await readBody(c);
    if (body.kind === 'error') return body.response;
    const event = await createEvent(deps, body.value);
    return c.json(adminEventJson(event, deps.now().getTime()), 201);
  });

  api.get('/events/:id', async (c) => {
    const event = await deps.events.getEvent(eventId(c.req.param('id')));
    if (!event) throw new NotFoundError('event', 'Akce nenalezena.');
    return c.json(adminEventJson(event, deps.now().getTime()));
  });

  api.put('/events/:id', async (c) => {
    const body = await readBody(c);
    if (body.kind === 'error') return body.response;
    const event = await updateEvent({ ...deps, promote }, eventId(c.req.param('id')), body.value);
    return c.json(adminEventJson(event, deps.now().getTime()));
  });

  api.post('/events/:id/publish', async (c) => {
    const event = await publishEvent(deps, eventId(c.req.param('id')));
    return c.json(adminEventJson(event, deps.now().getTime()));
  });

  api.post('/events/:id/cancel', async (c) => {
    const { event, notified } = await cancelEvent(deps, eventId(c.req.param('id')));
    return c.json({ ...adminEventJson(event, deps.now().getTime()), notified });
  });

  api.get('/events/:id/registrations', async (c) => {
    const id = eventId(c.req.param('id'));
    if (!(await deps.events.getEvent(id))) throw new NotFoundError('event', 'Akce nenalezena.');
    const registrations = await deps.events.listRegistrations(id);
    const confirmed = await deps.events.confirmationsSent(
      id,
      registrations.map((r) => r.id),
    );
    return c.json(
      registrations.map((r) => ({
        id: r.id,
        name: r.name ?? null,
        email: r.email ?? null,
        role: r.role,
        organisation: r.organisationName ? { name: r.organisationName, ico: r.ico ?? null } : null,
        status: r.status,
        source: r.source,
        createdAt: r.createdAt,
        confirmedAt: r.confirmedAt ?? null,
        cancelledAt: r.cancelledAt ?? null,
        attended: Boolean(r.attendedAt),
        undeliverable: Boolean(r.undeliverable),
        confirmationSent: confirmed.has(r.id),
      })),
    );
  });

  api.get('/events/:id/registrations.csv', async (c) => {
    const csv = await registrationsCsvDownload(deps, eventId(c.req.param('id')));
    if (!csv) throw new NotFoundError('event', 'Akce nenalezena.');
    return downloadResponse(c, csv);
  });

  // Only test events (`hidden`, e.g. the deployment smoke test's) can be deleted; a real event
  // is cancelled, and its registrations stay as the indicators' evidence.
  api.delete('/events/:id', async (c) => {
    const outcome = await deps.events.deleteTestEvent(eventId(c.req.param('id')));
    if (outcome === 'not-found') throw new NotFoundError('event', 'Akce nenalezena.');
    if (outcome === 'not-a-test-event') {
      return c.json(
        {
          errors: [
            {
              field: 'id',
              code: 'not_a_test_event',
              message: 'Smazat lze jen testovací akci. Skutečnou akci zrušte.',
            },
          ],
        },
        409,
      );
    }
    return c.body(null, 204);
  });

  /** Waves of registrations from one hashed client address within a clock hour. */
  api.get('/events/:id/bursts', async (c) => {
    const id = eventId(c.req.param('id'));
    if (!(await deps.events.getEvent(id))) throw new NotFoundError('event', 'Akce nenalezena.');
    const bursts = await listBursts(deps, id);
    return c.json(
      bursts.map((b) => ({
        id: b.id,
        clientHash: b.clientHash,
        windowStartsAt: b.windowStartsAt,
        windowEndsAt: b.windowEndsAt,
        registrations: b.registrations.length,
        active: b.active.length,
        registrationIds: b.registrations.map((r) => r.id),
      })),
    );
  });

  /** Cancels a wave without emailing its addresses, then promotes the waiting list. */
  api.post('/events/:id/bursts/:burstId/cancel', async (c) => {
    const id = eventId(c.req.param('id'));
    return c.json(await cancelBurst(deps, id, c.req.param('burstId')));
  });

  api.post('/events/:id/registrations/:registrationId/cancel', async (c) => {
    const id = eventId(c.req.param('id'));
    const result = await cancelRegistration(deps, id, c.req.param('registrationId'));
    return c.json({ outcome: result.outcome, status: result.registration.status });
  });

  return api;
}
