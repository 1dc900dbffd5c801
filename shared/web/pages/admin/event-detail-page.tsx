import { countCs, REGISTRATIONS } from '../../../domain/czech-plural';
import { eventPhase, type TrainingEvent } from '../../../domain/event';
import { formatPragueDateTime } from '../../../domain/prague-time';
import {
  type Registration,
  registrationStatusLabels,
  roleLabels,
} from '../../../domain/registration';
import { Description, EventFacts, EventTags, phaseLabels } from '../event-view';
import { csrfFieldName, Layout } from '../layout';
import { nbsp } from '../typography';

/** Messages after a redirect (`?stav=`); only these fixed texts, never text from the URL. */
export const adminFlashMessages = {
  vytvoreno: 'Akci jsme vytvořili.',
  ulozeno: 'Změny jsme uložili.',
  zverejneno: 'Akce je zveřejněná a registrace otevřená.',
  zrusena: 'Akce je zrušená. Všem registrovaným posíláme e-mail, že se nekoná.',
  'zrusena-bez-registraci': 'Akce je zrušená. Nikdo na ni nebyl registrovaný.',
  'registrace-zrusena': 'Registraci jsme zrušili a poslali o tom účastníkovi e-mail.',
} as const;
export type AdminFlash = keyof typeof adminFlashMessages;

export function isAdminFlash(value: string | undefined): value is AdminFlash {
  return value !== undefined && Object.hasOwn(adminFlashMessages, value);
}

function CsrfField(props: { token: string }) {
  return <input type="hidden" name={csrfFieldName} value={props.token} />;
}

function RegistrationRow(props: {
  event: TrainingEvent;
  registration: Registration;
  index: number;
}) {
  const r = props.registration;
  return (
    <tr>
      <td class="num">{props.index}</td>
      <th scope="row">{r.name ?? <span class="muted">(smazáno)</span>}</th>
      <td>{r.email ?? ''}</td>
      <td>{roleLabels[r.role]}</td>
      <td>
        {r.organisationName ?? ''}
        {r.ico ? (
          <>
            <br />
            <span class="muted">IČO {r.ico}</span>
          </>
        ) : null}
      </td>
      <td>
        {registrationStatusLabels[r.status]}
        {r.source === 'walk-in' ? (
          <>
            <br />
            <span class="muted">přišel/přišla bez registrace</span>
          </>
        ) : null}
      </td>
      <td>{r.attendedAt ? 'ano' : 'ne'}</td>
      <td>{r.undeliverable ? <strong>e-mail nelze doručit</strong> : ''}</td>
      <td>
        {r.status !== 'cancelled' ? (
          <a href={`/admin/akce/${props.event.id}/registrace/${r.id}/zrusit`}>
            Zrušit<span class="visually-hidden"> registraci {r.name ?? ''}</span>
          </a>
        ) : null}
      </td>
    </tr>
  );
}

/** `GET /admin/akce/:id`: the event, its registrations and what the organiser can do with it. */
/** Rows of the registration table per page: a waiting list of thousands stays a light page. */
export const registrationsPageSize = 200;

export function AdminEventPage(props: {
  event: TrainingEvent;
  registrations: readonly Registration[];
  nowMs: number;
  csrfToken: string;
  flash?: AdminFlash;
  /** 1-based page of the registration table. */
  page?: number;
}) {
  const { event, registrations, csrfToken } = props;
  const pages = Math.max(1, Math.ceil(registrations.length / registrationsPageSize));
  const page = Math.min(Math.max(1, props.page ?? 1), pages);
  const offset = (page - 1) * registrationsPageSize;
  const shown = registrations.slice(offset, offset + registrationsPageSize);
  const phase = eventPhase(event, props.nowMs);
  const count = (status: Registration['status']) =>
    registrations.filter((r) => r.status === status).length;
  const attended = registrations.filter((r) => r.attendedAt).length;
  return (
    <Layout title={event.title} organiser={true} csrfToken={csrfToken}>
      <p class="breadcrumbs">
        <a href="/admin">Akce</a>
      </p>
      {props.flash ? (
        <p class="notice notice-success" role="status">
          {adminFlashMessages[props.flash]}
        </p>
      ) : null}
      <h1>{event.title}</h1>
      <p>
        Stav: <strong>{phaseLabels[phase]}</strong>
        {event.status !== 'draft' ? (
          <>
            {' · '}
            <a href={`/akce/${event.id}`}>Veřejná stránka akce</a>
          </>
        ) : null}
      </p>
      <EventTags event={event} showSeats={false} />
      <EventFacts event={event} showOnlineUrl={true} />
      {event.registrationOpensAt || event.registrationClosesAt ? (
        <p>
          Registrace:{' '}
          {event.registrationOpensAt
            ? nbsp(`od ${formatPragueDateTime(event.registrationOpensAt)} `)
            : ''}
          {event.registrationClosesAt
            ? nbsp(`do ${formatPragueDateTime(event.registrationClosesAt)}`)
            : ''}
        </p>
      ) : null}
      {event.description.trim() ? (
        <details>
          <summary>Popis akce</summary>
          <Description text={event.description} />
        </details>
      ) : null}

      <div class="actions">
        {event.status !== 'cancelled' ? (
          <a class="button" href={`/admin/akce/${event.id}/upravit`}>
            Upravit akci
          </a>
        ) : null}
        {event.status === 'draft' ? (
          <form method="post" action={`/admin/akce/${event.id}/zverejnit`}>
            <CsrfField token={csrfToken} />
            <button type="submit">Zveřejnit akci</button>
          </form>
        ) : null}
        {event.status !== 'cancelled' && phase !== 'held' ? (
          <a class="button button-secondary" href={`/admin/akce/${event.id}/zrusit`}>
            Zrušit akci…
          </a>
        ) : null}
      </div>

      <nav aria-label="Další stránky akce">
        <ul>
          <li>
            <a href={`/admin/akce/${event.id}/prezence`}>Prezence (odbavení účastníků)</a>
          </li>
          <li>
            <a href={`/admin/akce/${event.id}/dotaznik`}>Výsledky dotazníku zpětné vazby</a>
          </li>
          <li>
            <a href={`/api/admin/events/${event.id}/registrations.csv`} download>
              Stáhnout seznam registrací (CSV pro Excel)
            </a>
          </li>
          <li>
            <a href="/admin/prehled">Přehled ukazatelů akčního plánu</a>
          </li>
        </ul>
      </nav>

      <h2>Registrace</h2>
      <ul class="stats">
        <li>
          <strong>
            {event.confirmedCount}&nbsp;/&nbsp;{event.capacity}
          </strong>
          potvrzeno z kapacity
        </li>
        <li>
          <strong>{count('waitlisted')}</strong> na čekací listině
        </li>
        <li>
          <strong>{count('cancelled')}</strong> zrušeno
        </li>
        <li>
          <strong>{attended}</strong> přítomno
        </li>
      </ul>
      {registrations.length === 0 ? (
        <p>Zatím se nikdo nezaregistroval.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>
              {countCs(registrations.length, REGISTRATIONS)} v pořadí, jak přišly (to je i pořadí
              čekací listiny)
            </caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  #
                </th>
                <th scope="col">Jméno a příjmení</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Organizace</th>
                <th scope="col">Stav</th>
                <th scope="col">Přítomen</th>
                <th scope="col">Doručitelnost</th>
                <th scope="col">
                  <span class="visually-hidden">Akce</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((registration, index) => (
                <RegistrationRow
                  event={event}
                  registration={registration}
                  index={offset + index + 1}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav aria-label="Stránky seznamu registrací" class="actions">
          <p>
            {nbsp(
              `Zobrazeno ${offset + 1}–${offset + shown.length} z ${countCs(registrations.length, REGISTRATIONS)}`,
            )}
          </p>
          {page > 1 ? (
            <a href={`/admin/akce/${event.id}?strana=${page - 1}`}>Předchozí stránka</a>
          ) : null}
          {page < pages ? (
            <a href={`/admin/akce/${event.id}?strana=${page + 1}`}>Další stránka</a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}

/** Confirmation step before cancelling an event: it emails everyone and cannot be undone. */
export function CancelEventConfirmPage(props: {
  event: TrainingEvent;
  activeRegistrations: number;
  csrfToken: string;
}) {
  const { event } = props;
  return (
    <Layout
      title={`Zrušit akci ${event.title}`}
      organiser={true}
      csrfToken={props.csrfToken}
      narrow={true}
    >
      <p class="breadcrumbs">
        <a href="/admin">Akce</a> › <a href={`/admin/akce/${event.id}`}>{event.title}</a>
      </p>
      <h1>Opravdu zrušit akci?</h1>
      <EventFacts event={event} />
      <p class="notice notice-warning">
        {props.activeRegistrations > 0
          ? nbsp(
              `Zrušení nelze vzít zpět. Všem registrovaným (${countCs(props.activeRegistrations, REGISTRATIONS)}) pošleme e-mail, že se akce nekoná. Jejich registrace zůstanou v seznamu.`,
            )
          : 'Zrušení nelze vzít zpět. Zatím se nikdo nezaregistroval, nikomu tedy nic neposíláme.'}
      </p>
      <form method="post" action={`/admin/akce/${event.id}/zrusit`} class="actions">
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="button-danger">
          Ano, zrušit akci
        </button>
        <a href={`/admin/akce/${event.id}`}>Ne, vrátit se</a>
      </form>
    </Layout>
  );
}

/** Confirmation step before cancelling someone's registration on their behalf. */
export function CancelRegistrationConfirmPage(props: {
  event: TrainingEvent;
  registration: Registration;
  csrfToken: string;
}) {
  const { event, registration } = props;
  return (
    <Layout title="Zrušit registraci" organiser={true} csrfToken={props.csrfToken} narrow={true}>
      <p class="breadcrumbs">
        <a href="/admin">Akce</a> › <a href={`/admin/akce/${event.id}`}>{event.title}</a>
      </p>
      <h1>Zrušit registraci?</h1>
      <dl class="event-facts">
        <dt>Účastník</dt>
        <dd>{registration.name ?? '(jméno smazáno)'}</dd>
        <dt>Organizace</dt>
        <dd>{registration.organisationName ?? '–'}</dd>
        <dt>Stav</dt>
        <dd>{registrationStatusLabels[registration.status]}</dd>
      </dl>
      <p>
        Účastníkovi pošleme e-mail o&nbsp;zrušení. Uvolněné místo dostane první člověk z&nbsp;čekací
        listiny.
      </p>
      <form
        method="post"
        action={`/admin/akce/${event.id}/registrace/${registration.id}/zrusit`}
        class="actions"
      >
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="button-danger">
          Ano, zrušit registraci
        </button>
        <a href={`/admin/akce/${event.id}`}>Ne, vrátit se</a>
      </form>
    </Layout>
  );
}
