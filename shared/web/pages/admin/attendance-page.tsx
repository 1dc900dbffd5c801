import { type PluralForms, pluralCs } from '../../../domain/czech-plural';
import type { TrainingEvent } from '../../../domain/event';
import { formatPragueAtTime, formatPragueRange } from '../../../domain/prague-time';
import { type Registration, roleLabels, roles } from '../../../domain/registration';
import { organisationRequiredFor } from '../../../domain/vocabulary';
import { attendanceSearchAsset } from '../../assets/static-assets';
import { paths } from '../../paths';
import { ErrorSummary, errorFor, type FormError, SelectField, TextField } from '../form-components';
import { csrfFieldName, Layout } from '../layout';
import { nbsp } from '../typography';
import {
  attendancePath,
  byName,
  displayName,
  foldForSearch,
  searchText,
} from './attendance-people';

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

/** A one-line notice after a change, shown once on the page the form returns to. */
export type Flash =
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

export interface WalkInFormState {
  values: Record<string, string>;
  errors: FormError[];
}

export const walkInFieldIds: Record<string, string> = {
  name: 'walkin-name',
  email: 'walkin-email',
  role: 'walkin-role',
  'organisation.name': 'walkin-organisationName',
  'organisation.ico': 'walkin-ico',
};

export function AttendancePage(props: {
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
        <a class="button button-secondary" href={paths.signInSheet.fill({ id: event.id })}>
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
      <script src={attendanceSearchAsset.path} defer />
    </Layout>
  );
}
