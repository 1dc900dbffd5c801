import { Hono } from 'hono';
import {
  erasePersonData,
  exportPersonData,
  parseDataSubjectRequest,
} from '../../use-cases/data-subject';
import { organiserIdentity, requireOrganiserApi } from '../auth';
import type { AppDeps } from '../deps';
import { mapDomainErrors } from '../http-errors';
import { readBody } from '../request-body';

/**
 * Data-subject requests (GDPR Art. 15 and 17) as organiser JSON: `GET ?email=` exports
 * everything held about an address, `POST /erase` with `{ "email": … }` erases it.
 */
export function peopleApiRoutes(deps: AppDeps): Hono {
  const api = new Hono();
  api.onError(mapDomainErrors);
  api.use('*', requireOrganiserApi(deps.auth));
  api.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  api.get('/', async (c) => {
    if (!deps.people) throw new Error('Data-subject requests are not configured');
    const email = parseDataSubjectRequest({ email: c.req.query('email') });
    return c.json(
      await exportPersonData(
        { ...deps.people, now: deps.now },
        email,
        organiserIdentity(c, deps.auth),
      ),
    );
  });

  api.post('/erase', async (c) => {
    const body = await readBody(c);
    if (body.kind === 'error') return body.response;
    if (!deps.people) throw new Error('Data-subject requests are not configured');
    const email = parseDataSubjectRequest(body.value);
    return c.json(
      await erasePersonData(
        { ...deps.people, now: deps.now },
        email,
        organiserIdentity(c, deps.auth),
      ),
    );
  });

  return api;
}
