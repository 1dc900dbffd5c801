import { raw } from 'hono/html';
import {
  registrationClosedMessages,
  registrationWindow,
  seatsLeft,
  type TrainingEvent,
} from '../../domain/event';
import { jsonForScript, type PublicationSettings, schemaOrgEvent } from '../../domain/open-data';
import { formatPragueDateAfter, formatPragueDateTime } from '../../domain/prague-time';
import { roleLabels, roles } from '../../domain/registration';
import { organisationRequiredFor, waitingListPromise } from '../../domain/vocabulary';
import { paths } from '../paths';
import {
  Description,
  EventFacts,
  EventTags,
  formatLabel,
  waitingText,
  whenText,
} from './event-view';
import {
  Checkbox,
  choiceId,
  ErrorSummary,
  errorFor,
  type FormError,
  RadioGroup,
  TextField,
} from './form-components';
import { Layout } from './layout';
import { nbsp } from './typography';

/** The event page's summary for search results: kind, time, place and the start of the text. */
export function eventMetaDescription(event: TrainingEvent): string {
  const lead = `${formatLabel(event)}, ${formatPragueDateTime(event.startsAt)}, ${event.venue}.`;
  const text = event.description.replace(/\s+/g, ' ').trim();
  const full = text ? `${lead} ${text}` : lead;
  return full.length <= 160 ? full : `${full.slice(0, 157).replace(/\s+\S*$/, '')}…`;
}

/** Form control ids of the registration form; the summary links to them. */
export const registrationFieldIds: Record<string, string> = {
  name: 'name',
  email: 'email',
  role: choiceId('role', roles[0]),
  organisation: 'organisationName',
  'organisation.name': 'organisationName',
  'organisation.ico': 'ico',
  consent: 'consent',
};

/** The honeypot is hidden from people, so an error there cannot be linked to. */
export function registrationFieldId(field: string): string | undefined {
  return registrationFieldIds[field];
}

export interface RegistrationFormState {
  values: Record<string, string>;
  errors: readonly FormError[];
}

const emptyForm: RegistrationFormState = { values: {}, errors: [] };

/** The hidden field with the form's signed timestamp (domain/form-token.ts). */
export const formTokenField = 'formToken';

function RegistrationForm(props: {
  event: TrainingEvent;
  form: RegistrationFormState;
  formToken: string | undefined;
}) {
  const { values, errors } = props.form;
  const full = seatsLeft(props.event) === 0;
  return (
    <section aria-labelledby="registrace-nadpis">
      <h2 id="registrace-nadpis">{full ? 'Zápis na čekací listinu' : 'Registrace'}</h2>
      {full ? (
        <p class="notice notice-warning">
          {nbsp(
            `Všechna místa jsou obsazená. Když se zaregistrujete, zapíšeme vás na konec čekací listiny (${waitingText(props.event)}). ${waitingListPromise}`,
          )}
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      <form
        class="stacked"
        method="post"
        action={paths.event.fill({ id: props.event.id })}
        novalidate
      >
        {props.formToken ? (
          <input type="hidden" name={formTokenField} value={props.formToken} />
        ) : null}
        <TextField
          id="name"
          label="Jméno a příjmení"
          autocomplete="name"
          value={values.name}
          error={errorFor(errors, 'name')}
        />
        <TextField
          id="email"
          type="email"
          label="E-mail"
          hint="Pošleme na něj potvrzení, připomenutí akce a odkaz pro zrušení registrace."
          autocomplete="email"
          spellcheck={false}
          value={values.email}
          error={errorFor(errors, 'email')}
        />
        <RadioGroup
          id="role"
          label="Registruji se jako"
          choices={roles.map((role) => ({ value: role, label: roleLabels[role] }))}
          value={values.role}
          error={errorFor(errors, registrationFieldIds.role ?? '')}
        />
        <TextField
          id="organisationName"
          label="Úřad nebo organizace"
          hint={nbsp(
            `Povinné pro ${organisationRequiredFor}. Pokud se registrujete jako občanka nebo občan, pole nevyplňujte.`,
          )}
          autocomplete="organization"
          optional={true}
          value={values.organisationName}
          error={errorFor(errors, 'organisationName')}
        />
        <TextField
          id="ico"
          label="IČO organizace"
          hint={nbsp(
            '8 číslic, například 70891508. Pokud se registrujete jako občanka nebo občan, pole nevyplňujte.',
          )}
          inputmode="numeric"
          autocomplete="off"
          class="short"
          optional={true}
          value={values.ico}
          error={errorFor(errors, 'ico')}
        />
        <div class="honeypot" aria-hidden="true">
          <label for="website">Nevyplňujte</label>
          <input
            type="text"
            id="website"
            name="website"
            value={values.website ?? ''}
            tabindex={-1}
            autocomplete="off"
          />
        </div>
        <Checkbox
          id="consent"
          required={true}
          checked={values.consent === 'on' || values.consent === 'true'}
          error={errorFor(errors, 'consent')}
          label={nbsp('Beru na vědomí informace o zpracování osobních údajů.')}
          hint={
            <>
              Údaje potřebujeme k&nbsp;registraci a&nbsp;organizaci akce. Proč a&nbsp;jak dlouho je
              uchováváme a&nbsp;jaká máte práva, popisují{' '}
              <a href="/ochrana-osobnich-udaju">informace o&nbsp;zpracování osobních údajů</a>.
            </>
          }
        />
        <button type="submit">{full ? 'Zapsat se na čekací listinu' : 'Zaregistrovat se'}</button>
      </form>
    </section>
  );
}

/** `GET /akce/:id`: the event and either the registration form or why registration is closed. */
export function EventPage(props: {
  event: TrainingEvent;
  nowMs: number;
  form?: RegistrationFormState;
  /** Overrides the window check, e.g. when the use case refused a late registration. */
  closedMessage?: string;
  /** With it, the page carries schema.org Event JSON-LD for search engines. */
  publication?: PublicationSettings;
  /** The signed timestamp the form carries; rendered fresh with every page. */
  formToken?: string;
}) {
  const { event } = props;
  const window = registrationWindow(event, props.nowMs);
  const closedMessage =
    props.closedMessage ?? (window.open ? undefined : registrationClosedMessages[window.reason]);
  const form = props.form ?? emptyForm;
  return (
    <Layout
      title={event.title}
      hasErrors={form.errors.length > 0}
      description={eventMetaDescription(event)}
      head={
        props.publication ? (
          <script type="application/ld+json">
            {raw(jsonForScript(schemaOrgEvent(event, props.publication)))}
          </script>
        ) : null
      }
    >
      <p class="breadcrumbs">
        <a href="/">Nabídka akcí</a>
      </p>
      <h1>{event.title}</h1>
      <EventTags event={event} showSeats={!closedMessage} />
      {event.status === 'cancelled' ? (
        <p class="notice notice-warning">
          <strong>Akce byla zrušena.</strong> Registrovaným jsme poslali e-mail.
        </p>
      ) : null}
      <EventFacts event={event} showOnlineUrl={true} />
      <Description text={event.description} />
      <p>
        <a href={`/akce/${event.id}/kalendar.ics`} download>
          Přidat akci do kalendáře (soubor .ics)
        </a>
      </p>
      {closedMessage ? (
        <section class="notice" aria-labelledby="registrace-nadpis">
          <h2 id="registrace-nadpis">Registrace</h2>
          <p>{nbsp(closedMessage)}</p>
          {!window.open && window.reason === 'not-yet-open' && event.registrationOpensAt ? (
            <p>
              Registrace se otevře{' '}
              {nbsp(formatPragueDateAfter('v', event.registrationOpensAt, { time: true }))}.
            </p>
          ) : null}
          <p>
            <a href="/">Další akce v&nbsp;nabídce</a>
          </p>
        </section>
      ) : (
        <>
          {event.registrationClosesAt ? (
            <p>
              Registrace je otevřená{' '}
              {nbsp(formatPragueDateAfter('do', event.registrationClosesAt, { time: true }))}.
            </p>
          ) : null}
          <RegistrationForm event={event} form={form} formToken={props.formToken} />
        </>
      )}
    </Layout>
  );
}

export type SentState = 'confirmed' | 'waitlisted';

/** `GET /akce/:id/registrace-odeslana`: the same words whether or not the address was new. */
export function RegistrationSentPage(props: {
  event: TrainingEvent;
  state: SentState | undefined;
}) {
  const { event, state } = props;
  const heading =
    state === 'waitlisted' ? 'Zapsali jsme vás na čekací listinu' : 'Děkujeme za registraci';
  return (
    <Layout title={heading} narrow={true}>
      <div class="notice notice-success">
        <h1>{heading}</h1>
        <p>
          <strong>Zkontrolujte prosím e-mail.</strong> Poslali jsme vám zprávu s&nbsp;podrobnostmi
          a&nbsp;odkazem, kterým můžete registraci kdykoli zrušit.
        </p>
      </div>
      {state === 'waitlisted' ? (
        <p>{nbsp(`Všechna místa jsou teď obsazená. ${waitingListPromise}`)}</p>
      ) : null}
      <p>
        Zpráva by měla dorazit během několika minut. Pokud ji nenajdete, podívejte se prosím
        i&nbsp;do složky s&nbsp;nevyžádanou poštou.
      </p>
      <h2>{event.title}</h2>
      <p>
        {formatLabel(event)}, {whenText(event)}
        <br />
        {event.venue}
      </p>
      <p>
        <a href={paths.event.fill({ id: event.id })}>Zpět na stránku akce</a> ·{' '}
        <a href="/">Další akce</a>
      </p>
    </Layout>
  );
}
