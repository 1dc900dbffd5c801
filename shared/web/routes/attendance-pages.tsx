import { type Context, Hono } from 'hono';
import { ConflictError, type FieldError, ValidationError } from '../../domain/errors';
import type { TrainingEvent } from '../../domain/event';
import { idPattern } from '../../domain/ids';
import { verifyToken } from '../../domain/signed-link';
import { addWalkIn, checkIn, previewCheckIn, recordAttendance } from '../../use-cases/attendance';
import { isValidOrganiserCsrf, organiserCsrfToken, requireOrganiserPage } from '../auth';
import type { AppDeps } from '../deps';
import { walkInFromForm } from '../form-input';
import { parseRegistrationRef } from '../links';
import {
  AttendancePage,
  type Flash,
  type WalkInFormState,
  walkInFieldIds,
} from '../pages/admin/attendance-page';
import { attendancePath, displayName } from '../pages/admin/attendance-people';
import {
  CheckInConfirmPage,
  CheckInResultPage,
  overCapacityField,
} from '../pages/admin/check-in-pages';
import { SignInSheet } from '../pages/admin/sign-in-sheet';
import { MessagePage } from '../pages/error-pages';
import { readForm } from '../pages/form-body';
import { toFormErrors } from '../pages/form-components';
import { csrfFieldName } from '../pages/layout';
import { paths } from '../paths';

function fieldErrorsToFlash(errors: FieldError[]): Flash {
  return { kind: 'error', message: errors.map((e) => e.message).join(' ') };
}

/**
 * The organiser's door: the check-in list with search and a walk-in form, the QR check-in
 * link and the printable sign-in sheet. Mounted under /admin before the generic admin pages.
 */
export function attendancePageRoutes(deps: AppDeps): Hono {
  const pages = new Hono();
  const mount = '/admin';
  const attendance = paths.attendance.under(mount);
  const checkInLink = paths.checkIn.under(mount);
  const organiser = requireOrganiserPage(deps.auth);
  const csrf = (c: Context) => organiserCsrfToken(c, deps.auth, deps.linkSecret);

  const loadEvent = async (id: string) => {
    const event = idPattern.test(id) ? await deps.events.getEvent(id) : undefined;
    return event && event.status !== 'draft' ? event : undefined;
  };

  const eventNotFound = (c: Context) =>
    c.html(
      <MessagePage
        title="Akce nenalezena"
        message="Tuto akci jsme nenašli, nebo ještě není zveřejněná."
        organiser={true}
        csrfToken={csrf(c)}
      />,
      404,
    );

  const forbidden = (c: Context) =>
    c.html(
      <MessagePage
        title="Formulář vypršel"
        message="Formulář už neplatí (například po novém přihlášení). Načtěte prosím stránku znovu a akci zopakujte."
        organiser={true}
        csrfToken={csrf(c)}
      />,
      403,
    );

  async function renderPage(
    c: Context,
    event: TrainingEvent,
    options: { query?: string; flash?: Flash; walkIn?: WalkInFormState; status?: 200 | 400 | 409 },
  ) {
    c.header('Cache-Control', 'no-store');
    return c.html(
      <AttendancePage
        event={event}
        registrations={await deps.events.listRegistrations(event.id)}
        query={options.query ?? ''}
        flash={options.flash}
        walkIn={options.walkIn}
        csrfToken={csrf(c)}
      />,
      options.status ?? 200,
    );
  }

  pages.get(attendance, organiser, async (c) => {
    const event = await loadEvent(c.req.param('id'));
    if (!event) return eventNotFound(c);
    const changedId = c.req.query('zmena');
    let flash: Flash | undefined;
    if (changedId && idPattern.test(changedId)) {
      const changed = await deps.events.getRegistration(event.id, changedId);
      if (changed) {
        const kind =
          c.req.query('stav') === 'pridan' ? 'walk-in' : changed.attendedAt ? 'present' : 'absent';
        flash = { kind, name: displayName(changed) };
      }
    }
    return renderPage(c, event, { query: (c.req.query('q') ?? '').slice(0, 200), flash });
  });

  /** One row's button: marks or unmarks one person, then back to the list (post/redirect/get). */
  pages.post(attendance, organiser, async (c) => {
    const event = await loadEvent(c.req.param('id'));
    if (!event) return eventNotFound(c);
    // The forms post urlencoded; anything else (a malformed multipart body too) is refused.
    const body = await readForm(c);
    if (!body.ok) return body.response;
    const field = (name: string) => body.form[name] ?? '';
    if (!isValidOrganiserCsrf(c, deps.auth, deps.linkSecret, field(csrfFieldName))) {
      return forbidden(c);
    }
    const query = field('q').slice(0, 200);
    const registrationId = field('registrationId');
    try {
      await recordAttendance(deps, event.id, {
        registrationIds: [registrationId],
        present: field('present') !== 'false',
      });
    } catch (error) {
      if (error instanceof ValidationError) {
        return renderPage(c, event, {
          query,
          flash: fieldErrorsToFlash(error.errors),
          status: 400,
        });
      }
      if (error instanceof ConflictError) {
        return renderPage(c, event, {
          query,
          flash: { kind: 'error', message: error.userMessage },
          status: 409,
        });
      }
      throw error;
    }
    const params = new URLSearchParams({ ...(query ? { q: query } : {}), zmena: registrationId });
    return c.redirect(`${attendancePath(event.id)}?${params}#r-${registrationId}`, 303);
  });

  pages.post(`${attendance}/na-miste`, organiser, async (c) => {
    const event = await loadEvent(c.req.param('id'));
    if (!event) return eventNotFound(c);
    const body = await readForm(c);
    if (!body.ok) return body.response;
    const values = body.form;
    if (!isValidOrganiserCsrf(c, deps.auth, deps.linkSecret, values[csrfFieldName])) {
      return forbidden(c);
    }
    try {
      const registration = await addWalkIn(deps, event.id, walkInFromForm(values));
      const params = new URLSearchParams({ zmena: registration.id, stav: 'pridan' });
      return c.redirect(`${attendancePath(event.id)}?${params}#r-${registration.id}`, 303);
    } catch (error) {
      const errors =
        error instanceof ValidationError
          ? toFormErrors(error.errors, (f) => walkInFieldIds[f])
          : error instanceof ConflictError
            ? [
                {
                  id: error.code === 'walk_in_already_registered' ? 'walkin-email' : undefined,
                  message: error.userMessage,
                },
              ]
            : undefined;
      if (!errors) throw error;
      return renderPage(c, event, {
        walkIn: { values, errors },
        status: error instanceof ConflictError ? 409 : 400,
      });
    }
  });

  /** The registration a check-in link names, or the page that explains why it names none. */
  const resolveCheckinLink = (c: Context) => {
    const verified = verifyToken(
      deps.linkKeys ?? deps.linkSecret,
      c.req.param('token') ?? '',
      'checkin',
      deps.now().getTime(),
    );
    if (!verified.ok && verified.reason === 'expired') {
      return {
        response: c.html(
          <MessagePage
            title="Kód pro prezenci už neplatí"
            message="Kód pro prezenci platí do konce následujícího dne po akci. Přítomnost zaznamenáte v seznamu prezence akce."
            organiser={true}
            csrfToken={csrf(c)}
          />,
          410,
        ),
      };
    }
    const ref = verified.ok ? parseRegistrationRef(verified.id) : undefined;
    return ref ? { ref } : { response: invalidCheckin(c) };
  };

  const invalidCheckin = (c: Context) =>
    c.html(
      <MessagePage
        title="Neplatný kód"
        message="Tento kód pro prezenci neplatí. Vyhledejte účastníka v seznamu prezence akce."
        organiser={true}
        csrfToken={csrf(c)}
      />,
      404,
    );

  /**
   * The QR code in a confirmation email opens this: who it is and a button. Opening a link
   * records nothing (a prefetching mail client or a forwarded link must not mark anyone
   * present); only the button's POST with the CSRF token does.
   */
  pages.get(checkInLink, organiser, async (c) => {
    c.header('Cache-Control', 'no-store');
    const link = resolveCheckinLink(c);
    if ('response' in link) return link.response;
    const preview = await previewCheckIn(deps, link.ref.eventId, link.ref.registrationId);
    if (preview.outcome === 'not-found') return invalidCheckin(c);
    const { event, registration } = preview;
    if (registration.status === 'cancelled' || registration.attendedAt) {
      const outcome = registration.status === 'cancelled' ? 'cancelled' : 'already-present';
      return c.html(
        <CheckInResultPage result={{ outcome, event, registration }} csrfToken={csrf(c)} />,
        outcome === 'cancelled' ? 409 : 200,
      );
    }
    return c.html(
      <CheckInConfirmPage
        event={event}
        registration={registration}
        overCapacity={preview.overCapacity}
        action={c.req.path}
        csrfToken={csrf(c)}
      />,
    );
  });

  pages.post(checkInLink, organiser, async (c) => {
    c.header('Cache-Control', 'no-store');
    const body = await readForm(c);
    if (!body.ok) return body.response;
    if (!isValidOrganiserCsrf(c, deps.auth, deps.linkSecret, body.form[csrfFieldName])) {
      return forbidden(c);
    }
    const link = resolveCheckinLink(c);
    if ('response' in link) return link.response;
    const preview = await previewCheckIn(deps, link.ref.eventId, link.ref.registrationId);
    if (preview.outcome === 'not-found') return invalidCheckin(c);
    // Over capacity only with the explicit confirmation of the page's second button.
    if (preview.overCapacity && body.form[overCapacityField] !== 'ano') {
      return c.html(
        <CheckInConfirmPage
          event={preview.event}
          registration={preview.registration}
          overCapacity={true}
          action={c.req.path}
          csrfToken={csrf(c)}
        />,
        409,
      );
    }
    try {
      const result = await checkIn(deps, link.ref.eventId, link.ref.registrationId);
      if (result.outcome === 'not-found') return invalidCheckin(c);
      return c.html(
        <CheckInResultPage result={result} csrfToken={csrf(c)} />,
        result.outcome === 'cancelled' ? 409 : 200,
      );
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return c.html(
        <MessagePage
          title="Přítomnost nelze zaznamenat"
          message={error.userMessage}
          organiser={true}
          csrfToken={csrf(c)}
        />,
        409,
      );
    }
  });

  pages.get(paths.signInSheet.under(mount), organiser, async (c) => {
    const event = await loadEvent(c.req.param('id'));
    if (!event) return eventNotFound(c);
    c.header('Cache-Control', 'no-store');
    return c.html(
      <SignInSheet event={event} registrations={await deps.events.listRegistrations(event.id)} />,
    );
  });

  return pages;
}
