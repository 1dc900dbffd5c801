import {
  type Certificate,
  certificateStatusLabels,
  certificatesEnabled,
  formatCertificateDates,
  formatHoursCs,
  formatIssueDate,
} from '../../../domain/certificate';
import { countCs, type PluralForms } from '../../../domain/czech-plural';
import type { TrainingEvent } from '../../../domain/event';
import { ErrorSummary, TextField } from '../form-components';
import { csrfFieldName, Layout } from '../layout';

const CERTIFICATES: PluralForms = {
  one: 'osvědčení',
  few: 'osvědčení',
  many: 'osvědčení',
};

export type Flash = 'revoked' | 'reissued' | 'print-requested' | 'not-valid';
const flashTexts: Record<Flash, string> = {
  revoked: 'Osvědčení bylo zrušeno.',
  reissued:
    'Opravené osvědčení dostalo nové číslo a odešleme ho účastníkovi e-mailem; původní je vedené jako nahrazené.',
  'print-requested':
    'Připravujeme soubor všech osvědčení k tisku. Za chvíli tuto stránku obnovte a stáhněte ho.',
  'not-valid': 'Toto osvědčení už není platné, změnu nelze provést.',
};
export const isFlash = (value: string | undefined): value is Flash =>
  value !== undefined && value in flashTexts;

function RegisterTable(props: {
  certificates: Certificate[];
  caption: string;
  showEvent: boolean;
  actions?: { eventId: string; csrfToken: string };
}) {
  return (
    <div class="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Číslo</th>
            <th scope="col">Jméno</th>
            {props.showEvent ? <th scope="col">Akce</th> : null}
            <th scope="col">Termín</th>
            <th scope="col" class="num">
              Rozsah
            </th>
            <th scope="col">Vydáno</th>
            <th scope="col">Stav</th>
            {props.actions ? <th scope="col">Úpravy</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.certificates.map((c) => (
            <tr>
              <th scope="row">{c.number}</th>
              <td>{c.name}</td>
              {props.showEvent ? (
                <td>
                  <a href={`/admin/akce/${c.eventId}/osvedceni`}>{c.eventTitle}</a>
                </td>
              ) : null}
              <td>{formatCertificateDates(c.startsAt, c.endsAt)}</td>
              <td class="num">{formatHoursCs(c.hours)}</td>
              <td>{formatIssueDate(c.issuedAt)}</td>
              <td>
                {certificateStatusLabels[c.status]}
                {c.replacedBy ? ` (nové: ${c.replacedBy})` : ''}
                {c.replaces ? ` (náhrada za ${c.replaces})` : ''}
              </td>
              {props.actions ? (
                <td>
                  {c.status === 'valid' ? (
                    <div class="actions">
                      <a href={`/admin/akce/${c.eventId}/osvedceni/${c.number}/oprava`}>
                        Opravit jméno<span class="visually-hidden"> na osvědčení {c.number}</span>
                      </a>
                      <form
                        method="post"
                        action={`/admin/akce/${c.eventId}/osvedceni/${c.number}/zrusit`}
                      >
                        <input type="hidden" name={csrfFieldName} value={props.actions.csrfToken} />
                        <button type="submit" class="link-button">
                          Zrušit<span class="visually-hidden"> osvědčení {c.number}</span>
                        </button>
                      </form>
                    </div>
                  ) : (
                    '–'
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EventRegisterPage(props: {
  event: TrainingEvent;
  certificates: Certificate[];
  printReady: boolean;
  flash?: Flash;
  csrfToken: string;
}) {
  const { event, certificates } = props;
  const valid = certificates.filter((c) => c.status === 'valid').length;
  return (
    <Layout title={`Osvědčení: ${event.title}`} organiser={true} csrfToken={props.csrfToken}>
      <p>
        <a href={`/admin/akce/${event.id}`}>Zpět na akci</a>
      </p>
      <h1>Osvědčení: {event.title}</h1>
      {props.flash ? (
        <p class="notice" role="status">
          {flashTexts[props.flash]}
        </p>
      ) : null}
      {certificatesEnabled(event) ? (
        <p>
          Osvědčení dostane každý, kdo byl na akci přítomen, ráno po jejím skončení e-mailem. Kdo
          bude označen jako přítomný později, dostane své osvědčení při dalším ranním běhu.
        </p>
      ) : (
        <p>U této akce se osvědčení nevydávají.</p>
      )}
      <p>
        Platná: {countCs(valid, CERTIFICATES)}, celkem v evidenci: {certificates.length}.
      </p>
      {valid > 0 ? (
        <div class="actions">
          <form method="post" action={`/admin/akce/${event.id}/osvedceni/tisk`}>
            <input type="hidden" name={csrfFieldName} value={props.csrfToken} />
            <button type="submit" class="button button-secondary">
              Připravit všechna platná osvědčení k tisku
            </button>
          </form>
          {props.printReady ? (
            <a class="button" href={`/admin/akce/${event.id}/osvedceni/tisk.pdf`} download>
              Stáhnout osvědčení k tisku (PDF)
            </a>
          ) : null}
        </div>
      ) : null}
      {certificates.length > 0 ? (
        <RegisterTable
          certificates={certificates}
          caption="Evidence vydaných osvědčení této akce"
          showEvent={false}
          actions={{ eventId: event.id, csrfToken: props.csrfToken }}
        />
      ) : (
        <p>Zatím nebylo vydáno žádné osvědčení.</p>
      )}
    </Layout>
  );
}

export function YearRegisterPage(props: {
  year: number;
  years: number[];
  certificates: Certificate[];
  csrfToken: string;
}) {
  return (
    <Layout title={`Evidence osvědčení ${props.year}`} organiser={true} csrfToken={props.csrfToken}>
      <h1>Evidence osvědčení za rok {props.year}</h1>
      <nav aria-label="Roky evidence">
        <ul class="inline-list">
          {props.years.map((year) => (
            <li>
              {year === props.year ? (
                <span aria-current="page">{year}</span>
              ) : (
                <a href={`/admin/osvedceni?rok=${year}`}>{year}</a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <p>Vydáno celkem: {countCs(props.certificates.length, CERTIFICATES)}.</p>
      {props.certificates.length > 0 ? (
        <RegisterTable
          certificates={props.certificates}
          caption={`Osvědčení vydaná v roce ${props.year}, podle čísla`}
          showEvent={true}
        />
      ) : (
        <p>V tomto roce nebylo vydáno žádné osvědčení.</p>
      )}
    </Layout>
  );
}

export function ReissuePage(props: {
  certificate: Certificate;
  value: string;
  error?: string;
  csrfToken: string;
}) {
  const c = props.certificate;
  const errors = props.error ? [{ id: 'name', message: props.error }] : [];
  return (
    <Layout
      title={`Oprava osvědčení ${c.number}`}
      organiser={true}
      csrfToken={props.csrfToken}
      narrow={true}
      hasErrors={errors.length > 0}
    >
      <h1>Oprava jména na osvědčení {c.number}</h1>
      <ErrorSummary errors={errors} />
      <p>
        Opravené osvědčení dostane nové číslo a pošleme ho účastníkovi e-mailem. Osvědčení{' '}
        {c.number} zůstane v evidenci jako nahrazené.
      </p>
      <form
        method="post"
        action={`/admin/akce/${c.eventId}/osvedceni/${c.number}/oprava`}
        novalidate
      >
        <input type="hidden" name={csrfFieldName} value={props.csrfToken} />
        <TextField
          id="name"
          name="name"
          label="Jméno a příjmení, jak má být na osvědčení"
          value={props.value}
          error={props.error}
          autocomplete="off"
        />
        <button type="submit" class="button">
          Vydat opravené osvědčení
        </button>
      </form>
      <p>
        <a href={`/admin/akce/${c.eventId}/osvedceni`}>Zpět na osvědčení akce</a>
      </p>
    </Layout>
  );
}
