import { type Context, Hono } from 'hono';
import { raw } from 'hono/html';
import { type PluralForms, pluralCs } from '../../domain/czech-plural';
import { ConflictError, type FieldError, ValidationError } from '../../domain/errors';
import type { TrainingEvent } from '../../domain/event';
import { idPattern } from '../../domain/ids';
import { formatPragueAtTime, formatPragueRange } from '../../domain/prague-time';
import { type Registration, roleLabels, roles } from '../../domain/registration';
import { verifyToken } from '../../domain/signed-link';
import { organisationRequiredFor } from '../../domain/vocabulary';
import {
  addWalkIn,
  checkIn,
  previewCheckIn,
  recordAttendance,
  walkInFromForm,
} from '../../use-cases/attendance';
import { isValidOrganiserCsrf, organiserCsrfToken, requireOrganiserPage } from '../auth';
import type { AppDeps } from '../deps';
import { parseRegistrationRef } from '../links';
import { MessagePage } from '../pages/error-pages';
import { readForm } from '../pages/form-body';
import {
  ErrorSummary,
  errorFor,
  type FormError,
  SelectField,
  TextField,
  toFormErrors,
} from '../pages/form-components';
import { csrfFieldName, Layout } from '../pages/layout';
import { siteCssPath, siteCssVersion } from '../pages/site-css';
import { nbsp } from '../pages/typography';

const PRESENT: PluralForms = {
  one: 'přítomná osoba',
  few: 'přítomné osoby',
  many: 'přítomných osob',
};
const CONFIRMED: PluralForms = {
  one: 'potvrzená registrace',
  few: 'potvrzené registrace',
  many: 'potvrzených registrací',
};
const WAITING: PluralForms = {
  one: 'osoba na čekací listině',
  few: 'osoby na čekací listině',
  many: 'osob na čekací listině',
};
const WALK_INS: PluralForms = {
  one: 'účastník přidaný na místě',
  few: 'účastníci přidaní na místě',
  many: 'účastníků přidaných na místě',
};
const FOUND: PluralForms = { one: 'osoba', few: 'osoby', many: 'osob' };

/** Case- and diacritics-insensitive search: "novakova" finds "Nováková". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const collator = new Intl.Collator('cs');

function byName(a: Registration, b: Registration): number {
  return collator.compare(a.name ?? '', b.name ?? '');
}

const displayName = (r: Registration) => r.name ?? '(údaje smazány)';

function searchText(r: Registration): string {
  return foldForSearch([r.name, r.email, r.organisationName, r.ico].filter(Boolean).join(' '));
}

const attendancePath = (eventId: string) => `/admin/akce/${eventId}/prezence`;

/** A one-line notice after a change, shown once on the page the form returns to. */
type Flash =
  | { kind: 'present' | 'absent' | 'walk-in'; name: string }
  | { kind: 'error'; message: string };

function flashText(flash: Flash): string {
  switch (flash.kind) {
    case 'present':
      return `${flash.name}: přítomnost zaznamenána.`;
    case 'absent':
      return `${flash.name}: přítomnost zrušena.`;
    case 'walk-in':
      return `${flash.name}: přidáno na místě, přítomnost zaznamenána.`;
    default:
      return flash.message;
  }
}

interface WalkInFormState {
  values: Record<string, string>;
  errors: FormError[];
}

const walkInFieldIds: Record<string, string> = {
  name: 'walkin-name',
  email: 'walkin-email',
  role: 'walkin-role',
  'organisation.name': 'walkin-organisationName',
  'organisation.ico': 'walkin-ico',
};

function AttendancePage(props: {
  event: TrainingEvent;
  registrations: Registration[];
  query: string;
  flash?: Flash;
  walkIn?: WalkInFormState;
  csrfToken: string;
}) {
  const { event, query, csrfToken } = props;
  const active = props.registrations.filter((r) => r.status !== 'cancelled').sort(byName);
  const folded = foldForSearch(query.trim());
  const shown = folded ? active.filter((r) => searchText(r).includes(folded)) : active;
  const present = active.filter((r) => r.status === 'confirmed' && r.attendedAt).length;
  const confirmed = active.filter((r) => r.status === 'confirmed').length;
  const waiting = active.filter((r) => r.status === 'waitlisted').length;
  const walkIns = active.filter((r) => r.source === 'walk-in').length;
  const walkInErrors = props.walkIn?.errors ?? [];
  const values = props.walkIn?.values ?? {};
  const flash = props.flash;
  return (
    <Layout
      title={`Prezence: ${event.title}`}
      organiser={true}
      csrfToken={csrfToken}
      hasErrors={walkInErrors.length > 0}
    >
      <p class="breadcrumbs">
        <a href="/admin">Akce</a> › <a href={`/admin/akce/${event.id}`}>{event.title}</a>
      </p>
      <h1>Prezence</h1>
      <p class="lead">
        {event.title}
        <br />
        {formatPragueRange(event.startsAt, event.endsAt)}, {event.venue}
      </p>
      <ul class="stats">
        <li>
          <strong>{present}</strong> {pluralCs(present, PRESENT)}
        </li>
        <li>
          <strong>{confirmed}</strong> {pluralCs(confirmed, CONFIRMED)}
        </li>
        {waiting > 0 ? (
          <li>
            <strong>{waiting}</strong> {pluralCs(waiting, WAITING)}
          </li>
        ) : null}
        {walkIns > 0 ? (
          <li>
            <strong>{walkIns}</strong> {pluralCs(walkIns, WALK_INS)}
          </li>
        ) : null}
      </ul>
      <div role="status">
        {flash ? (
          <div class={flash.kind === 'error' ? 'notice notice-warning' : 'notice notice-success'}>
            <p>{flashText(flash)}</p>
          </div>
        ) : null}
      </div>
      <p class="actions">
        <a class="button button-secondary" href={`/admin/akce/${event.id}/prezencni-listina`}>
          Prezenční listina k&nbsp;tisku
        </a>
        <a class="button button-secondary" href="#na-miste">
          Přidat účastníka na místě
        </a>
      </p>

      <search>
        <form method="get" action={attendancePath(event.id)}>
          <label for="hledat">Hledat podle jména, e-mailu nebo organizace</label>
          <input
            type="search"
            id="hledat"
            name="q"
            value={query}
            autocomplete="off"
            aria-controls="seznam-prezence"
          />
          <button type="submit">Hledat</button>
          {query ? (
            <>
              {' '}
              <a href={attendancePath(event.id)}>Zobrazit všechny</a>
            </>
          ) : null}
        </form>
      </search>
      <p id="pocet-nalezenych" role="status" aria-live="polite">
        {query ? `Nalezeno: ${shown.length} ${pluralCs(shown.length, FOUND)}` : ''}
      </p>

      {active.length === 0 ? (
        <p>Na akci zatím nikdo není registrovaný.</p>
      ) : (
        <div class="table-wrap">
          <table id="seznam-prezence">
            <caption>Registrovaní účastníci, abecedně</caption>
            <thead>
              <tr>
                <th scope="col">Jméno</th>
                <th scope="col">Organizace</th>
                <th scope="col">Stav</th>
                <th scope="col">Přítomnost</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr id={`r-${r.id}`} data-hledat={searchText(r)}>
                  <th scope="row">{displayName(r)}</th>
                  <td>{r.organisationName ?? roleLabels[r.role]}</td>
                  <td>
                    {r.status === 'waitlisted'
                      ? 'na čekací listině (zaznamenáním přítomnosti dostane místo)'
                      : r.source === 'walk-in'
                        ? 'zapsáno na místě'
                        : 'potvrzeno'}
                  </td>
                  <td>
                    <form method="post" action={attendancePath(r.eventId)} class="inline-form">
                      <input type="hidden" name={csrfFieldName} value={csrfToken} />
                      <input type="hidden" name="registrationId" value={r.id} />
                      <input type="hidden" name="present" value={r.attendedAt ? 'false' : 'true'} />
                      <input type="hidden" name="q" value={query} />
                      {r.attendedAt ? (
                        <>
                          <span>
                            ✓ přítomnost zaznamenána {nbsp(formatPragueAtTime(r.attendedAt))}
                          </span>{' '}
                          <button
                            type="submit"
                            class="link-button"
                            aria-label={`Zrušit přítomnost: ${displayName(r)}`}
                          >
                            Zrušit
                          </button>
                        </>
                      ) : (
                        <button
                          type="submit"
                          aria-label={`Zaznamenat přítomnost: ${displayName(r)}`}
                        >
                          Zaznamenat přítomnost
                        </button>
                      )}
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section aria-labelledby="na-miste">
        <h2 id="na-miste" tabindex={-1}>
          Účastník na místě
        </h2>
        <p>
          Pro někoho, kdo přišel bez registrace. Nepotřebuje volné místo, rovnou se zapíše jako
          přítomný. Když zadáte e-mail, dostane po akci dotazník spokojenosti.
        </p>
        <ErrorSummary errors={walkInErrors} />
        <form method="post" action={`${attendancePath(event.id)}/na-miste`} novalidate>
          <input type="hidden" name={csrfFieldName} value={csrfToken} />
          <TextField
            id="walkin-name"
            name="name"
            label="Jméno a příjmení"
            value={values.name}
            error={errorFor(walkInErrors, 'walkin-name')}
            autocomplete="off"
          />
          <TextField
            id="walkin-email"
            name="email"
            type="email"
            label="E-mail"
            optional={true}
            value={values.email}
            error={errorFor(walkInErrors, 'walkin-email')}
            autocomplete="off"
            spellcheck={false}
          />
          <SelectField
            id="walkin-role"
            name="role"
            label="Role"
            value={values.role}
            error={errorFor(walkInErrors, 'walkin-role')}
            choices={[
              { value: '', label: 'Vyberte…' },
              ...roles.map((role) => ({ value: role, label: roleLabels[role] })),
            ]}
          />
          <TextField
            id="walkin-organisationName"
            name="organisationName"
            label="Úřad nebo organizace"
            hint={nbsp(`Povinné pro ${organisationRequiredFor}.`)}
            optional={true}
            value={values.organisationName}
            error={errorFor(walkInErrors, 'walkin-organisationName')}
          />
          <TextField
            id="walkin-ico"
            name="ico"
            label="IČO organizace"
            optional={true}
            inputmode="numeric"
            value={values.ico}
            error={errorFor(walkInErrors, 'walkin-ico')}
          />
          <button type="submit">Přidat a&nbsp;označit jako přítomného</button>
        </form>
      </section>
      <script src="/admin/prezence-hledani.js" defer />
    </Layout>
  );
}

/**
 * Progressive enhancement of the check-in list: filters rows while typing. Without it the
 * search form still works as a plain GET.
 */
const liveFilterScript = `(() => {
  const input = document.getElementById('hledat');
  const count = document.getElementById('pocet-nalezenych');
  const rows = Array.from(document.querySelectorAll('tr[data-hledat]'));
  if (!input || rows.length === 0) return;
  const fold = (s) => s.normalize('NFD').replace(/\\p{M}/gu, '').toLowerCase();
  const forms = (n) => (n === 1 ? 'osoba' : n >= 2 && n <= 4 ? 'osoby' : 'osob');
  let timer;
  input.addEventListener('input', () => {
    const q = fold(input.value.trim());
    let shown = 0;
    for (const row of rows) {
      const match = !q || row.dataset.hledat.includes(q);
      row.hidden = !match;
      if (match) shown++;
    }
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (count) count.textContent = q ? 'Nalezeno: ' + shown + ' ' + forms(shown) : '';
    }, 400);
  });
})();
`;

const sheetCss = `
body { margin: 0; }
.sheet { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
.sheet h1 { margin: 0 0 0.5rem; }
.sheet .event-title { font-size: 1.3rem; font-weight: 700; margin: 0 0 0.25rem; }
.sheet dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0 0 1rem; }
.sheet dt { font-weight: 600; }
.sheet dd { margin: 0; }
.sheet table { width: 100%; border-collapse: collapse; }
.sheet th, .sheet td { border: 1px solid #000; padding: 0.35rem 0.5rem; text-align: left; vertical-align: middle; }
.sheet thead th { background: #eef1f4; }
.sheet td { height: 2.6rem; }
.sheet .order { width: 4rem; text-align: right; }
.sheet .signature { width: 30%; }
.sheet .statement { margin-top: 0.75rem; font-size: 0.9rem; }
@page { size: A4 portrait; margin: 14mm 12mm; }
@media print {
  .no-print { display: none !important; }
  body { font-size: 10.5pt; color: #000; background: #fff; }
  .sheet { max-width: none; padding: 0; }
  .sheet thead { display: table-header-group; }
  .sheet tfoot { display: table-footer-group; }
  .sheet tr { break-inside: avoid; page-break-inside: avoid; }
  .sheet td { height: 10mm; }
  .sheet thead th { background: none; }
  a { color: #000; text-decoration: none; }
}
`;

/** Rows left empty on the sheet for people who come without registering. */
const blankRows = 8;

function SignInSheet(props: { event: TrainingEvent; registrations: Registration[] }) {
  const { event } = props;
  const people = props.registrations.filter((r) => r.status === 'confirmed').sort(byName);
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="cs">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex, nofollow" />
          <title>{`Prezenční listina – ${event.title}`}</title>
          <link rel="stylesheet" href={`${siteCssPath}?v=${siteCssVersion}`} />
          <style>{raw(sheetCss)}</style>
        </head>
        <body>
          <main class="sheet">
            <p class="no-print">
              <a href={attendancePath(event.id)}>Zpět na prezenci</a> · Listinu vytisknete příkazem
              prohlížeče Tisk (Ctrl+P), formát A4.
            </p>
            <h1>Prezenční listina</h1>
            <p class="event-title">{event.title}</p>
            <dl>
              <dt>Termín</dt>
              <dd>{formatPragueRange(event.startsAt, event.endsAt)}</dd>
              <dt>Místo</dt>
              <dd>{event.venue}</dd>
            </dl>
            <table>
              <thead>
                <tr>
                  <th scope="col" class="order">
                    Pořadí
                  </th>
                  <th scope="col">Jméno a&nbsp;příjmení</th>
                  <th scope="col">Organizace</th>
                  <th scope="col" class="signature">
                    Podpis
                  </th>
                </tr>
              </thead>
              <tbody>
                {people.map((r, index) => (
                  <tr>
                    <td class="order">{index + 1}.</td>
                    <td>{displayName(r)}</td>
                    <td>{r.organisationName ?? ''}</td>
                    <td />
                  </tr>
                ))}
                {Array.from({ length: blankRows }, (_, index) => (
                  <tr>
                    <td class="order">{people.length + index + 1}.</td>
                    <td />
                    <td />
                    <td />
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="statement">Svým podpisem potvrzuji účast na akci.</p>
          </main>
          <footer class="site-footer no-print">
            <a href="/prohlaseni-o-pristupnosti">Prohlášení o&nbsp;přístupnosti</a>
          </footer>
        </body>
      </html>
    </>
  );
}

function CheckInResultPage(props: {
  result: Exclude<Awaited<ReturnType<typeof checkIn>>, { outcome: 'not-found' }>;
  csrfToken: string;
}) {
  const { event, registration, outcome } = props.result;
  const name = displayName(registration);
  const back = (
    <p>
      <a href={attendancePath(event.id)}>Zpět na prezenci akce</a>
    </p>
  );
  const eventLine = (
    <p>
      {event.title}
      <br />
      {formatPragueRange(event.startsAt, event.endsAt)}
    </p>
  );
  if (outcome === 'cancelled') {
    return (
      <Layout
        title="Registrace je zrušená"
        organiser={true}
        csrfToken={props.csrfToken}
        narrow={true}
      >
        <div class="notice notice-warning">
          <h1>Registrace je zrušená</h1>
          <p>
            Registrace osoby <strong>{name}</strong> je zrušená, přítomnost proto nelze zaznamenat.
            Pokud tuto osobu na akci pouštíte, přidejte ji na stránce prezence jako účastníka na
            místě.
          </p>
        </div>
        {eventLine}
        {back}
      </Layout>
    );
  }
  const heading =
    outcome === 'already-present' ? 'Přítomnost už byla zaznamenána' : 'Přítomnost zaznamenána';
  return (
    <Layout title={heading} organiser={true} csrfToken={props.csrfToken} narrow={true}>
      <div class="notice notice-success">
        <h1>✓ {heading}</h1>
        <p class="lead">
          <strong>{name}</strong>
        </p>
        {registration.organisationName ? <p>{registration.organisationName}</p> : null}
        {outcome === 'already-present' && registration.attendedAt ? (
          <p>Přítomnost zaznamenána {nbsp(formatPragueAtTime(registration.attendedAt))}.</p>
        ) : null}
        {outcome === 'admitted' ? (
          <p>
            {nbsp(
              'Registrace byla na čekací listině; zaznamenáním přítomnosti získala místo na akci.',
            )}
          </p>
        ) : null}
      </div>
      {eventLine}
      {back}
    </Layout>
  );
}

const overCapacityField = 'nadKapacitu';

/** The page a check-in QR code opens: who it is, and the button that records the presence. */
function CheckInConfirmPage(props: {
  event: TrainingEvent;
  registration: Registration;
  overCapacity: boolean;
  action: string;
  csrfToken: string;
}) {
  const { event, registration } = props;
  const title = 'Zaznamenat přítomnost?';
  return (
    <Layout title={title} organiser={true} csrfToken={props.csrfToken} narrow={true}>
      <h1>{title}</h1>
      <p class="lead">
        <strong>{displayName(registration)}</strong>
      </p>
      {registration.organisationName ? <p>{registration.organisationName}</p> : null}
      <p>
        {event.title}
        <br />
        {formatPragueRange(event.startsAt, event.endsAt)}
      </p>
      {registration.status === 'waitlisted' ? (
        <div class={props.overCapacity ? 'notice notice-warning' : 'notice'}>
          <p>
            {props.overCapacity
              ? nbsp(
                  `Tato osoba je na čekací listině a akce je plná (obsazeno ${event.confirmedCount} z ${event.capacity}). Zaznamenáním přítomnosti ji pustíte nad kapacitu.`,
                )
              : nbsp(
                  'Tato osoba je na čekací listině; zaznamenáním přítomnosti získá volné místo.',
                )}
          </p>
        </div>
      ) : null}
      <form method="post" action={props.action}>
        <input type="hidden" name={csrfFieldName} value={props.csrfToken} />
        {props.overCapacity ? (
          <>
            <input type="hidden" name={overCapacityField} value="ano" />
            <button type="submit">Přesto pustit nad kapacitu</button>
          </>
        ) : (
          <button type="submit">Zaznamenat přítomnost</button>
        )}
      </form>
      <p>
        <a href={attendancePath(event.id)}>Zpět na prezenci akce</a>
      </p>
    </Layout>
  );
}

function fieldErrorsToFlash(errors: FieldError[]): Flash {
  return { kind: 'error', message: errors.map((e) => e.message).join(' ') };
}

/**
 * The organiser's door: the check-in list with search and a walk-in form, the QR check-in
 * link and the printable sign-in sheet. Mounted under /admin before the generic admin pages.
 */
export function attendancePageRoutes(deps: AppDeps): Hono {
  const pages = new Hono();
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

  pages.get('/prezence-hledani.js', (c) =>
    c.body(liveFilterScript, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    }),
  );

  pages.get('/akce/:id/prezence', organiser, async (c) => {
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
  pages.post('/akce/:id/prezence', organiser, async (c) => {
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

  pages.post('/akce/:id/prezence/na-miste', organiser, async (c) => {
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
  pages.get('/prezence/:token', organiser, async (c) => {
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

  pages.post('/prezence/:token', organiser, async (c) => {
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

  pages.get('/akce/:id/prezencni-listina', organiser, async (c) => {
    const event = await loadEvent(c.req.param('id'));
    if (!event) return eventNotFound(c);
    c.header('Cache-Control', 'no-store');
    return c.html(
      <SignInSheet event={event} registrations={await deps.events.listRegistrations(event.id)} />,
    );
  });

  return pages;
}
