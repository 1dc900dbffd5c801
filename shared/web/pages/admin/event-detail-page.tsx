import { type Burst, clientLabel, minBurstSize } from '../../../domain/bursts';
import { countCs, REGISTRATIONS } from '../../../domain/czech-plural';
import { eventPhase, type TrainingEvent } from '../../../domain/event';
import {
  formatPragueDate,
  formatPragueDateAfter,
  formatPragueTime,
} from '../../../domain/prague-time';
import {
  type Registration,
  registrationStatusLabels,
  roleLabels,
} from '../../../domain/registration';
import { paths } from '../../paths';
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
  'vlna-zrusena':
    'Registrace z vybrané vlny jsme zrušili bez e-mailu. Uvolněná místa dostali lidé z čekací listiny podle pořadí.',
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
            <span class="muted">zapsáno na místě, bez registrace</span>
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

const windowText = (burst: Burst) =>
  `${formatPragueDate(burst.windowStartsAt)} ${formatPragueTime(burst.windowStartsAt)}–${formatPragueTime(burst.windowEndsAt)}`;

/** Waves of registrations from one client address, each with the action that cancels it. */
function Bursts(props: { event: TrainingEvent; bursts: readonly Burst[] }) {
  if (props.bursts.length === 0) return null;
  return (
    <section aria-labelledby="vlny-nadpis">
      <h2 id="vlny-nadpis">Vlny registrací z jednoho připojení</h2>
      <p>
        {nbsp(
          `Z jednoho připojení k internetu přišlo během jedné hodiny ${minBurstSize} a více registrací. Může jít o kolegy z jednoho úřadu, nebo o robota. Adresu připojení neukládáme, jen její neprůhledný otisk.`,
        )}
      </p>
      <div class="table-wrap">
        <table>
          <caption>Vlny registrací</caption>
          <thead>
            <tr>
              <th scope="col">Připojení (otisk)</th>
              <th scope="col">Hodina</th>
              <th scope="col" class="num">
                Registrací
              </th>
              <th scope="col" class="num">
                Platných
              </th>
              <th scope="col">
                <span class="visually-hidden">Akce</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.bursts.map((burst) => (
              <tr>
                <th scope="row">
                  <code>{clientLabel(burst.clientHash)}</code>
                </th>
                <td>{windowText(burst)}</td>
                <td class="num">{burst.registrations.length}</td>
                <td class="num">{burst.active.length}</td>
                <td>
                  {burst.active.length > 0 ? (
                    <a href={`/admin/akce/${props.event.id}/vlny/${burst.id}/zrusit`}>
                      Zrušit vlnu…
                      <span class="visually-hidden">
                        {' '}
                        z připojení {clientLabel(burst.clientHash)}, {windowText(burst)}
                      </span>
                    </a>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Confirmation step before cancelling a wave: no email goes to its addresses. */
export function CancelBurstConfirmPage(props: {
  event: TrainingEvent;
  burst: Burst;
  csrfToken: string;
}) {
  const { event, burst } = props;
  return (
    <Layout
      title="Zrušit vlnu registrací"
      organiser={true}
      csrfToken={props.csrfToken}
      narrow={true}
    >
      <p class="breadcrumbs">
        <a href="/admin">Akce</a> › <a href={`/admin/akce/${event.id}`}>{event.title}</a>
      </p>
      <h1>Zrušit vlnu registrací?</h1>
      <dl class="event-facts">
        <dt>Připojení (otisk)</dt>
        <dd>
          <code>{clientLabel(burst.clientHash)}</code>
        </dd>
        <dt>Hodina</dt>
        <dd>{windowText(burst)}</dd>
        <dt>Zrušíme</dt>
        <dd>{countCs(burst.active.length, REGISTRATIONS)}</dd>
      </dl>
      <p>
        {nbsp(
          'Těmto adresám nepošleme žádný e-mail (robot je mohl vyplnit za cizí lidi). Uvolněná místa pak dostanou lidé z čekací listiny podle pořadí a e-mailem se to dozví. Zrušení nelze vzít zpět.',
        )}
      </p>
      <ul>
        {burst.active.slice(0, 50).map((r) => (
          <li>
            {r.name ?? '(jméno smazáno)'} – {r.email ?? ''} ({registrationStatusLabels[r.status]})
          </li>
        ))}
        {burst.active.length > 50 ? <li>… a další</li> : null}
      </ul>
      <form
        method="post"
        action={`/admin/akce/${event.id}/vlny/${burst.id}/zrusit`}
        class="actions"
      >
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="button-danger">
          Ano, zrušit {countCs(burst.active.length, REGISTRATIONS)}
        </button>
        <a href={`/admin/akce/${event.id}`}>Ne, vrátit se</a>
      </form>
    </Layout>
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
  /** Waves of registrations from one client address (domain/bursts.ts). */
  bursts?: readonly Burst[];
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
          {nbsp(adminFlashMessages[props.flash])}
        </p>
      ) : null}
      <h1>{event.title}</h1>
      <p>
        Stav: <strong>{phaseLabels[phase]}</strong>
        {event.status !== 'draft' ? (
          <>
            {' · '}
            <a href={paths.event.fill({ id: event.id })}>Veřejná stránka akce</a>
          </>
        ) : null}
      </p>
      <EventTags event={event} showSeats={false} />
      <EventFacts event={event} showOnlineUrl={true} />
      {event.registrationOpensAt || event.registrationClosesAt ? (
        <p>
          Registrace:{' '}
          {event.registrationOpensAt
            ? nbsp(`${formatPragueDateAfter('od', event.registrationOpensAt, { time: true })} `)
            : ''}
          {event.registrationClosesAt
            ? nbsp(formatPragueDateAfter('do', event.registrationClosesAt, { time: true }))
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
            <a href={`/admin/akce/${event.id}/osvedceni`}>Osvědčení o&nbsp;absolvování</a>
          </li>
          <li>
            <a href={`/admin/akce/${event.id}/registrace.csv`} download>
              Stáhnout seznam registrací (CSV pro Excel)
            </a>
          </li>
          <li>
            <a href="/admin/prehled">Přehled ukazatelů akčního plánu</a>
          </li>
        </ul>
      </nav>

      <Bursts event={event} bursts={props.bursts ?? []} />

      <h2>Registrace</h2>
      <ul class="stats">
        <li>
          <strong>
            {event.confirmedCount}&nbsp;/&nbsp;{event.capacity}
          </strong>
          potvrzeno z&nbsp;kapacity
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
              {countCs(registrations.length, REGISTRATIONS)} v&nbsp;pořadí, jak přišly (to je
              i&nbsp;pořadí čekací listiny)
            </caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  #
                </th>
                <th scope="col">Jméno a&nbsp;příjmení</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Organizace</th>
                <th scope="col">Stav</th>
                <th scope="col">Přítomnost</th>
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
