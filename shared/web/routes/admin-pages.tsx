import { type Context, Hono } from 'hono';
import { burstIdPattern, findBursts } from '../../domain/bursts';
import { NotFoundError, ValidationError } from '../../domain/errors';
import type { TrainingEvent } from '../../domain/event';
import { idPattern } from '../../domain/ids';
import { cancelBurst, listBursts } from '../../use-cases/cancel-burst';
import { cancelRegistration, promoteFromWaitlist } from '../../use-cases/cancel-registration';
import { cancelEvent, createEvent, publishEvent, updateEvent } from '../../use-cases/manage-events';
import {
  cognitoCallbackPath,
  cognitoSignOutUrl,
  endOrganiserSession,
  finishCognitoSignIn,
  isOrganiser,
  isOrganiserToken,
  organiserCsrfToken,
  organiserLoginPath,
  requireOrganiserPage,
  safeNextPath,
  startCognitoSignIn,
  startOrganiserSession,
} from '../auth';
import type { AppDeps } from '../deps';
import { eventFromForm } from '../form-input';
import {
  AdminEventPage,
  CancelBurstConfirmPage,
  CancelEventConfirmPage,
  CancelRegistrationConfirmPage,
  isAdminFlash,
} from '../pages/admin/event-detail-page';
import { eventFieldId, eventFormMessages, eventToForm } from '../pages/admin/event-form';
import { EventFormPage } from '../pages/admin/event-form-page';
import { AdminEventListPage } from '../pages/admin/event-list-page';
import { LoginPage, loginErrorMessage } from '../pages/admin/login-page';
import { MessagePage, notFoundPage } from '../pages/error-pages';
import { readForm } from '../pages/form-body';
import { toFormErrors } from '../pages/form-components';
import { readAdminForm as readOrganiserForm } from './admin-form';

const newEventDefaults: Record<string, string> = { format: 'training', status: 'draft' };

/** Organiser pages under /admin: sign-in, the events, their registrations. */
export function adminPageRoutes(deps: AppDeps): Hono {
  const pages = new Hono();
  const promote = (eventId: string) => promoteFromWaitlist(deps, eventId);
  const csrf = (c: Context) => organiserCsrfToken(c, deps.auth, deps.linkSecret);

  // Pages with personal data must not stay in shared or back/forward caches.
  pages.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  pages.use(
    '*',
    requireOrganiserPage(deps.auth, { except: [organiserLoginPath, cognitoCallbackPath] }),
  );

  const notFound = (c: Context, message = 'Tuto akci jsme nenašli.') =>
    c.html(
      <MessagePage title="Nenalezeno" message={message} organiser={true} csrfToken={csrf(c)} />,
      404,
    );

  const readAdminForm = (c: Context) => readOrganiserForm(c, deps);

  async function findEvent(id: string): Promise<TrainingEvent | undefined> {
    return idPattern.test(id) ? deps.events.getEvent(id) : undefined;
  }

  // --- Sign-in and sign-out ---

  pages.get('/prihlaseni', async (c) => {
    const next = safeNextPath(c.req.query('next'));
    if (await isOrganiser(c, deps.auth)) return c.redirect(next ?? '/admin', 303);
    if (deps.auth.mode === 'cognito' && next) {
      const options = { secret: deps.linkSecret, publicBaseUrl: deps.publicBaseUrl, next };
      return c.redirect(startCognitoSignIn(c, deps.auth, options), 303);
    }
    // Token mode: the form. Cognito mode without a way back (someone came here on purpose, or
    // from the hosted UI's logout): a sign-in button rather than straight back to the hosted UI.
    return c.html(
      <LoginPage
        next={next}
        signedOut={c.req.query('odhlaseno') === '1'}
        external={deps.auth.mode === 'cognito'}
      />,
    );
  });

  pages.get('/prihlaseni/cognito', async (c) => {
    if (deps.auth.mode !== 'cognito') return c.html(notFoundPage(), 404);
    const options = { secret: deps.linkSecret, publicBaseUrl: deps.publicBaseUrl };
    const result = await finishCognitoSignIn(c, deps.auth, options);
    if (result.ok) return c.redirect(result.next, 303);
    const message =
      result.reason === 'unavailable'
        ? 'Přihlašovací služba teď neodpovídá. Zkuste se prosím přihlásit za chvíli znovu.'
        : result.reason === 'state'
          ? 'Přihlášení vypršelo nebo bylo zahájeno v jiném okně prohlížeče. Přihlaste se prosím znovu.'
          : 'Přihlášení se nepodařilo dokončit. Přihlaste se prosím znovu.';
    return c.html(
      <MessagePage
        title="Přihlášení se nepodařilo"
        message={message}
        backHref={`${organiserLoginPath}?next=%2Fadmin`}
        backText="Přihlásit se znovu"
      />,
      result.status,
    );
  });

  // No CSRF token here: a forged sign-in could only use a token the attacker already knows.
  pages.post('/prihlaseni', async (c) => {
    const body = await readForm(c);
    if (!body.ok) return body.response;
    const next = safeNextPath(body.form.next);
    if (deps.auth.mode === 'cognito') {
      return c.redirect(`${organiserLoginPath}?next=${encodeURIComponent(next ?? '/admin')}`, 303);
    }
    const token = body.form.token ?? '';
    if (isOrganiserToken(deps.auth, token)) {
      startOrganiserSession(c, token);
      return c.redirect(next ?? '/admin', 303);
    }
    const message = token ? loginErrorMessage : 'Zadejte přístupový kód.';
    return c.html(<LoginPage next={next} errors={[{ id: 'token', message }]} />, 401);
  });

  pages.post('/odhlaseni', async (c) => {
    const body = await readAdminForm(c);
    if (!body.ok) return body.response;
    endOrganiserSession(c);
    if (deps.auth.mode === 'cognito') {
      return c.redirect(cognitoSignOutUrl(deps.auth, deps.publicBaseUrl), 303);
    }
    return c.redirect(`${organiserLoginPath}?odhlaseno=1`, 303);
  });

  // --- Events ---

  pages.get('/', async (c) => {
    const events = await deps.events.listEventsByStart();
    return c.html(
      <AdminEventListPage events={events} nowMs={deps.now().getTime()} csrfToken={csrf(c)} />,
    );
  });

  pages.get('/akce/nova', (c) =>
    c.html(<EventFormPage form={{ values: newEventDefaults, errors: [] }} csrfToken={csrf(c)} />),
  );

  pages.post('/akce', async (c) => {
    const body = await readAdminForm(c);
    if (!body.ok) return body.response;
    try {
      const event = await createEvent(deps, eventFromForm(body.form));
      return c.redirect(`/admin/akce/${event.id}?stav=vytvoreno`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors = toFormErrors(error.errors, eventFieldId, eventFormMessages);
      return c.html(
        <EventFormPage form={{ values: body.form, errors }} csrfToken={csrf(c)} />,
        400,
      );
    }
  });

  pages.get('/akce/:id', async (c) => {
    const event = await findEvent(c.req.param('id'));
    if (!event) return notFound(c);
    const stav = c.req.query('stav');
    const registrations = await deps.events.listRegistrations(event.id);
    return c.html(
      <AdminEventPage
        event={event}
        registrations={registrations}
        bursts={findBursts(registrations)}
        nowMs={deps.now().getTime()}
        csrfToken={csrf(c)}
        flash={isAdminFlash(stav) ? stav : undefined}
        page={Number.parseInt(c.req.query('strana') ?? '1', 10) || 1}
      />,
    );
  });

  pages.get('/akce/:id/upravit', async (c) => {
    const event = await findEvent(c.req.param('id'));
    if (!event) return notFound(c);
    return c.html(
      <EventFormPage
        event={event}
        form={{ values: eventToForm(event), errors: [] }}
        csrfToken={csrf(c)}
      />,
    );
  });

  pages.post('/akce/:id', async (c) => {
    const body = await readAdminForm(c);
    if (!body.ok) return body.response;
    const event = await findEvent(c.req.param('id'));
    if (!event) return notFound(c);
    try {
      await updateEvent({ ...deps, promote }, event.id, eventFromForm(body.form));
      return c.redirect(`/admin/akce/${event.id}?stav=ulozeno`, 303);
    } catch (error) {
      if (error instanceof NotFoundError) return notFound(c);
      if (!(error instanceof ValidationError)) throw error;
      const errors = toFormErrors(error.errors, eventFieldId, eventFormMessages);
      return c.html(
        <EventFormPage event={event} form={{ values: body.form, errors }} csrfToken={csrf(c)} />,
        400,
      );
    }
  });

  pages.post('/akce/:id/zverejnit', async (c) => {
    const body = await readAdminForm(c);
    if (!body.ok) return body.response;
    const event = await findEvent(c.req.param('id'));
    if (!event) return notFound(c);
    await publishEvent(deps, event.id);
    return c.redirect(`/admin/akce/${event.id}?stav=zverejneno`, 303);
  });

  pages.get('/akce/:id/zrusit', async (c) => {
    const event = await findEvent(c.req.param('id'));
    if (!event) return notFound(c);
    if (event.status === 'cancelled') return c.redirect(`/admin/akce/${event.id}`, 303);
    return c.html(
      <CancelEventConfirmPage
        event={event}
        activeRegistrations={event.confirmedCount + event.waitlistedCount}
        csrfToken={csrf(c)}
      />,
    );
  });

  pages.post('/akce/:id/zrusit', async (c) => {
    const body = await readAdminForm(c);
    if (!body.ok) return body.response;
    const event = await findEvent(c.req.param('id'));
    if (!event) return notFound(c);
    const { notified } = await cancelEvent(deps, event.id);
    const flash = notified > 0 ? 'zrusena' : 'zrusena-bez-registraci';
    return c.redirect(`/admin/akce/${event.id}?stav=${flash}`, 303);
  });

  pages.get('/akce/:id/vlny/:burstId/zrusit', async (c) => {
    const event = await findEvent(c.req.param('id'));
    const burstId = c.req.param('burstId');
    const burst =
      event && burstIdPattern.test(burstId)
        ? (await listBursts(deps, event.id)).find((b) => b.id === burstId)
        : undefined;
    if (!event || !burst) return notFound(c, 'Tuto vlnu registrací jsme nenašli.');
    if (burst.active.length === 0) return c.redirect(`/admin/akce/${event.id}`, 303);
    return c.html(<CancelBurstConfirmPage event={event} burst={burst} csrfToken={csrf(c)} />);
  });

  pages.post('/akce/:id/vlny/:burstId/zrusit', async (c) => {
    const body = await readAdminForm(c);
    if (!body.ok) return body.response;
    const event = await findEvent(c.req.param('id'));
    if (!event) return notFound(c);
    try {
      await cancelBurst(deps, event.id, c.req.param('burstId'));
    } catch (error) {
      if (error instanceof NotFoundError) return notFound(c, 'Tuto vlnu registrací jsme nenašli.');
      throw error;
    }
    return c.redirect(`/admin/akce/${event.id}?stav=vlna-zrusena`, 303);
  });

  pages.get('/akce/:id/registrace/:registrationId/zrusit', async (c) => {
    const event = await findEvent(c.req.param('id'));
    const registrationId = c.req.param('registrationId');
    const registration =
      event && idPattern.test(registrationId)
        ? await deps.events.getRegistration(event.id, registrationId)
        : undefined;
    if (!event || !registration) return notFound(c, 'Tuto registraci jsme nenašli.');
    if (registration.status === 'cancelled') return c.redirect(`/admin/akce/${event.id}`, 303);
    return c.html(
      <CancelRegistrationConfirmPage
        event={event}
        registration={registration}
        csrfToken={csrf(c)}
      />,
    );
  });

  pages.post('/akce/:id/registrace/:registrationId/zrusit', async (c) => {
    const body = await readAdminForm(c);
    if (!body.ok) return body.response;
    const event = await findEvent(c.req.param('id'));
    const registrationId = c.req.param('registrationId');
    if (!event || !idPattern.test(registrationId)) {
      return notFound(c, 'Tuto registraci jsme nenašli.');
    }
    try {
      await cancelRegistration(deps, event.id, registrationId);
    } catch (error) {
      if (error instanceof NotFoundError) return notFound(c, 'Tuto registraci jsme nenašli.');
      throw error;
    }
    return c.redirect(`/admin/akce/${event.id}?stav=registrace-zrusena`, 303);
  });

  return pages;
}
