import { Hono } from 'hono';
import { addWalkIn, recordAttendance } from '../../use-cases/attendance';
import { surveyResults } from '../../use-cases/surveys';
import { requireOrganiserApi } from '../auth';
import type { AppDeps } from '../deps';
import { mapDomainErrors } from '../http-errors';
import { readBody } from '../request-body';

/**
 * Organiser JSON API for the day of the event and after it: attendance, walk-ins and the
 * aggregated survey results. Mounted under /api/admin before the generic admin routes.
 */
export function attendanceApiRoutes(deps: AppDeps): Hono {
  const api = new Hono();
  api.onError(mapDomainErrors);
  api.use('*', requireOrganiserApi(deps.auth));

  /**
   * `{ "registrationIds": [...], "present"?: boolean }` → `{ marked, changed, admittedFromWaitlist }`.
   * Unknown or cancelled registrations make the whole request fail with one error per id and
   * nothing written; repeating a request changes nothing (`changed: 0`).
   */
  api.post('/events/:id/attendance', async (c) => {
    const body = await readBody(c);
    if (body.kind === 'error') return body.response;
    return c.json(await recordAttendance(deps, c.req.param('id'), body.value));
  });

  /** Someone who came without registering: confirmed and present at once, needs no free seat. */
  api.post('/events/:id/walk-ins', async (c) => {
    const body = await readBody(c);
    if (body.kind === 'error') return body.response;
    const registration = await addWalkIn(deps, c.req.param('id'), body.value);
    return c.json(
      {
        id: registration.id,
        status: registration.status,
        source: registration.source,
        attended: true,
      },
      201,
    );
  });

  /** Aggregated, anonymous survey results of one event. */
  api.get('/events/:id/survey', async (c) => {
    const results = await surveyResults(deps, c.req.param('id'));
    return c.json({
      eventId: results.event.id,
      state: results.run?.state ?? 'not-planned',
      opensAt: results.run?.opensAt ?? null,
      closesAt: results.run?.closesAt ?? null,
      invited: results.invited,
      attendees: results.attendees,
      responses: results.summary.responses,
      responseRate: results.responseRate ?? null,
      satisfaction: {
        average: results.summary.satisfaction.average ?? null,
        distribution: results.summary.satisfaction.distribution,
      },
      usefulness: {
        average: results.summary.usefulness.average ?? null,
        distribution: results.summary.usefulness.distribution,
      },
      recommend: results.summary.recommend,
      comments: results.summary.comments,
      topics: results.summary.topics,
    });
  });

  return api;
}
