import { type Context, Hono } from 'hono';
import {
  matchesFilter,
  targetGroupFromSlug,
  targetGroupSlugs,
  topicSlug,
} from '../../domain/calendar-feed';
import {
  ConflictError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../../domain/errors';
import type { TrainingEvent } from '../../domain/event';
import { checkFormToken, formTokenMessages, issueFormToken } from '../../domain/form-token';
import { idPattern } from '../../domain/ids';
import { verifyToken } from '../../domain/signed-link';
import { cancelRegistration } from '../../use-cases/cancel-registration';
import { register } from '../../use-cases/register';
import { staticAssetRoutes } from '../assets/static-assets';
import { clientAddress } from '../client-address';
import type { SiteDeps } from '../deps';
import { registrationFromForm } from '../form-input';
import { parseRegistrationRef } from '../links';
import {
  CancelBlockedPage,
  CancelConfirmPage,
  CancelDonePage,
  cancelBlock,
  InvalidCancelLinkPage,
  RegistrationNotFoundPage,
} from '../pages/cancel-pages';
import { eventNotFoundPage } from '../pages/error-pages';
import { type EventListFilter, EventListPage } from '../pages/event-list-page';
import {
  EventPage,
  formTokenField,
  RegistrationSentPage,
  registrationFieldId,
} from '../pages/event-page';
import { readForm } from '../pages/form-body';
import { toFormErrors } from '../pages/form-components';
import { paths } from '../paths';

/** The home page shows the latest held events; the open data has them all. */
const pastEventsShown = 12;

/** The filter of the home page: the values asked for, and the topics of the upcoming events. */
function homeFilter(
  upcoming: readonly TrainingEvent[],
  pro: string | undefined,
  tema: string | undefined,
): EventListFilter {
  const topics = new Map<string, string>();
  for (const event of upcoming) {
    for (const topic of event.topics) {
      const slug = topicSlug(topic);
      if (slug && !topics.has(slug)) topics.set(slug, topic);
    }
  }
  const group = targetGroupFromSlug(pro);
  const proSlug = group ? targetGroupSlugs[group] : (pro?.trim() ?? '');
  const temaSlug = tema?.trim() ? topicSlug(tema) || tema.trim() : '';
  return {
    pro: proSlug,
    tema: temaSlug,
    groupSlugs: targetGroupSlugs,
    topics: [...topics.entries()]
      .map(([slug, label]) => ({ slug, label }))
      .sort((a, b) => a.label.localeCompare(b.label, 'cs')),
    active: proSlug !== '' || temaSlug !== '',
  };
}

/** The public site: events, the registration form and the cancel link. */
export function publicPageRoutes(deps: SiteDeps): Hono {
  const pages = new Hono();

  /** Published (or cancelled) events only; drafts do not exist for the public. */
  async function publicEvent(id: string): Promise<TrainingEvent | undefined> {
    if (!idPattern.test(id)) return undefined;
    const event = await deps.events.getEvent(id);
    return event && event.status !== 'draft' ? event : undefined;
  }

  pages.route('/', staticAssetRoutes());

  pages.get('/', async (c) => {
    const now = deps.now();
    const all = (await deps.events.listEventsByStart({})).filter(
      (e) => e.status === 'published' && !e.hidden,
    );
    const upcoming = all.filter((e) => e.startsAt >= now.toISOString());
    const filter = homeFilter(upcoming, c.req.query('pro'), c.req.query('tema'));
    const past = all
      .filter((e) => Date.parse(e.endsAt) <= now.getTime())
      .reverse()
      .slice(0, pastEventsShown);
    return c.html(
      <EventListPage
        events={upcoming.filter((e) => matchesFilter(e, filter))}
        past={past}
        filter={filter}
        host={new URL(deps.publicBaseUrl).host}
      />,
    );
  });

  const formToken = (eventId: string, nowMs: number) =>
    issueFormToken(deps.linkSecret, eventId, nowMs);

  /** The event page, with the form as sent and what is wrong with it, under a fresh token. */
  const formAgain = (
    c: Context,
    event: TrainingEvent,
    values: Record<string, string>,
    errors: { id: string | undefined; message: string }[],
    status: 400 | 429,
  ) => {
    const nowMs = deps.now().getTime();
    return c.html(
      <EventPage
        event={event}
        nowMs={nowMs}
        form={{ values, errors }}
        formToken={formToken(event.id, nowMs)}
      />,
      status,
    );
  };

  pages.get(paths.event.pattern, async (c) => {
    const event = await publicEvent(c.req.param('id'));
    if (!event) return c.html(eventNotFoundPage(), 404);
    const nowMs = deps.now().getTime();
    return c.html(
      <EventPage
        event={event}
        nowMs={nowMs}
        formToken={formToken(event.id, nowMs)}
        publication={{ publicBaseUrl: deps.publicBaseUrl, organiser: deps.organiser }}
      />,
    );
  });

  pages.post(paths.event.pattern, async (c) => {
    const id = c.req.param('id');
    if (!idPattern.test(id)) return c.html(eventNotFoundPage(), 404);
    const body = await readForm(c);
    if (!body.ok) return body.response;
    const { form } = body;
    if (deps.rateLimits?.enabled) {
      // Bot friction for the HTML form only: the JSON API has no page to carry a token.
      const nowMs = deps.now().getTime();
      const check = checkFormToken(deps.linkSecret, form[formTokenField], id, nowMs);
      if (!check.ok) {
        const event = await publicEvent(id);
        if (!event) return c.html(eventNotFoundPage(), 404);
        const errors = [{ id: undefined, message: formTokenMessages[check.reason] }];
        return formAgain(c, event, form, errors, 400);
      }
    }
    try {
      const result = await register(deps, id, registrationFromForm(form), {
        clientAddress: clientAddress(c),
      });
      // Post/Redirect/Get: reloading the thank-you page does not send the form again.
      return c.redirect(`/akce/${id}/registrace-odeslana?stav=${result.status}`, 303);
    } catch (error) {
      if (error instanceof NotFoundError) return c.html(eventNotFoundPage(), 404);
      const event = await publicEvent(id);
      if (!event) return c.html(eventNotFoundPage(), 404);
      if (error instanceof ValidationError) {
        const errors = toFormErrors(error.errors, registrationFieldId);
        return formAgain(c, event, form, errors, 400);
      }
      if (error instanceof RateLimitedError) {
        c.header('Retry-After', String(error.retryAfterSeconds));
        const errors = [
          { id: error.field === 'email' ? 'email' : undefined, message: error.userMessage },
        ];
        return formAgain(c, event, form, errors, 429);
      }
      if (error instanceof ConflictError) {
        return c.html(
          <EventPage
            event={event}
            nowMs={deps.now().getTime()}
            closedMessage={error.userMessage}
          />,
          409,
        );
      }
      throw error;
    }
  });

  pages.get('/akce/:id/registrace-odeslana', async (c) => {
    const event = await publicEvent(c.req.param('id'));
    if (!event) return c.html(eventNotFoundPage(), 404);
    const stav = c.req.query('stav');
    const state = stav === 'confirmed' || stav === 'waitlisted' ? stav : undefined;
    return c.html(<RegistrationSentPage event={event} state={state} />);
  });

  /** Resolves a cancel link to its registration, or to the page that explains why not. */
  async function resolveCancelLink(c: Context, token: string) {
    const nowMs = deps.now().getTime();
    const verified = verifyToken(deps.linkKeys ?? deps.linkSecret, token, 'cancel', nowMs);
    if (!verified.ok) {
      // Gone, not wrong: the link was genuine, and the page says why it no longer works.
      const status = verified.reason === 'expired' ? 410 : 400;
      return { response: c.html(<InvalidCancelLinkPage reason={verified.reason} />, status) };
    }
    const ref = parseRegistrationRef(verified.id);
    if (!ref || !idPattern.test(ref.eventId) || !idPattern.test(ref.registrationId)) {
      return { response: c.html(<InvalidCancelLinkPage reason="malformed" />, 400) };
    }
    const [event, registration] = await Promise.all([
      deps.events.getEvent(ref.eventId),
      deps.events.getRegistration(ref.eventId, ref.registrationId),
    ]);
    if (!event || !registration) return { response: c.html(<RegistrationNotFoundPage />, 404) };
    return { event, registration, nowMs };
  }

  pages.get(paths.cancel.pattern, async (c) => {
    const token = c.req.param('token');
    const link = await resolveCancelLink(c, token);
    if ('response' in link) return link.response;
    // The token in the URL is the key to the registration: keep the page out of caches and indexes.
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    return c.html(
      <CancelConfirmPage
        event={link.event}
        registration={link.registration}
        token={token}
        nowMs={link.nowMs}
      />,
    );
  });

  pages.post(paths.cancel.pattern, async (c) => {
    const link = await resolveCancelLink(c, c.req.param('token'));
    if ('response' in link) return link.response;
    const { event, registration } = link;
    const block = cancelBlock(event, registration, link.nowMs);
    if (block) {
      return c.html(
        <CancelBlockedPage event={event} block={block} />,
        block === 'already-cancelled' ? 200 : 409,
      );
    }
    const result = await cancelRegistration(deps, event.id, registration.id);
    if (result.outcome === 'already-cancelled') {
      return c.html(<CancelBlockedPage event={event} block="already-cancelled" />);
    }
    return c.html(<CancelDonePage event={event} />);
  });

  return pages;
}
