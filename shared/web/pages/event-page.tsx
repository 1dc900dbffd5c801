import {
  registrationClosedMessages,
  registrationWindow,
  seatsLeft,
  type TrainingEvent,
} from '../../domain/event';
import { formatPragueDateTime } from '../../domain/prague-time';
import { roleLabels, roles } from '../../domain/registration';
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

function RegistrationForm(props: { event: TrainingEvent; form: RegistrationFormState }) {
  const { values, errors } = props.form;
  const full = seatsLeft(props.event) === 0;
  return (
    <section aria-labelledby="registrace-nadpis">
      <h2 id="registrace-nadpis">{full ? 'Zápis na čekací listinu' : 'Registrace'}</h2>
      {full ? (
        <p class="notice notice-warning">
          Všechna místa jsou obsazená. Když se zaregistrujete, zapíšeme vás na konec čekací listiny
          ({waitingText(props.event)}). Jakmile se místo uvolní a&nbsp;přijde řada na vás,
          automaticky vás přesuneme mezi účastníky a&nbsp;pošleme vám e-mail; pokud už o&nbsp;účast
          nestojíte, registraci zrušte.
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      <form class="stacked" method="post" action={`/akce/${props.event.id}`} novalidate>
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
          hint="Povinné pro úřednice a úředníky, starostky a starosty a zaměstnance organizací kraje. Občané nechávají prázdné."
          autocomplete="organization"
          optional={true}
          value={values.organisationName}
          error={errorFor(errors, 'organisationName')}
        />
        <TextField
          id="ico"
          label="IČO organizace"
          hint="8 číslic, například 70891508. Občané nechávají prázdné."
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
          label={nbsp(
            'Souhlasím se zpracováním svých osobních údajů pro registraci a organizaci akce.',
          )}
          hint={
            <>
              Jak s&nbsp;údaji zacházíme a&nbsp;jak dlouho je uchováváme, popisují{' '}
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
}) {
  const { event } = props;
  const window = registrationWindow(event, props.nowMs);
  const closedMessage =
    props.closedMessage ?? (window.open ? undefined : registrationClosedMessages[window.reason]);
  const form = props.form ?? emptyForm;
  return (
    <Layout title={event.title} hasErrors={form.errors.length > 0}>
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
      {closedMessage ? (
        <section class="notice" aria-labelledby="registrace-nadpis">
          <h2 id="registrace-nadpis">Registrace</h2>
          <p>{nbsp(closedMessage)}</p>
          {!window.open && window.reason === 'not-yet-open' && event.registrationOpensAt ? (
            <p>Registrace se otevře {nbsp(formatPragueDateTime(event.registrationOpensAt))}.</p>
          ) : null}
          <p>
            <a href="/">Další akce v&nbsp;nabídce</a>
          </p>
        </section>
      ) : (
        <>
          {event.registrationClosesAt ? (
            <p>
              Registrace je otevřená do {nbsp(formatPragueDateTime(event.registrationClosesAt))}.
            </p>
          ) : null}
          <RegistrationForm event={event} form={form} />
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
        <p>
          Všechna místa jsou teď obsazená. Jakmile se některé uvolní, automaticky vás podle pořadí
          přesuneme mezi účastníky a&nbsp;dáme vám vědět e-mailem. Pokud už o&nbsp;účast nestojíte,
          registraci zrušte odkazem z&nbsp;e-mailu.
        </p>
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
        <a href={`/akce/${event.id}`}>Zpět na stránku akce</a> · <a href="/">Další akce</a>
      </p>
    </Layout>
  );
}
