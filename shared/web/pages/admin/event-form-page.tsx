import {
  eventFormatLabels,
  eventFormats,
  type TrainingEvent,
  targetGroupLabels,
  targetGroups,
} from '../../../domain/event';
import { actionPlanGenitive } from '../../../domain/vocabulary';
import {
  Checkbox,
  CheckboxGroup,
  ErrorSummary,
  errorFor,
  type FormError,
  SelectField,
  TextArea,
  TextField,
} from '../form-components';
import { csrfFieldName, Layout } from '../layout';
import { eventFieldId, targetGroupFieldId } from './event-form';

export interface EventFormState {
  values: Record<string, string>;
  errors: readonly FormError[];
}

/** Create (`event` undefined) or edit an event; times are Prague wall-clock time. */
export function EventFormPage(props: {
  event?: TrainingEvent;
  form: EventFormState;
  csrfToken: string;
}) {
  const { event, form, csrfToken } = props;
  const { values, errors } = form;
  const editing = Boolean(event);
  const title = event ? `Upravit akci: ${event.title}` : 'Nová akce';
  const err = (id: string) => errorFor(errors, id);
  const checkedGroups = new Set(
    targetGroups.filter((group) => values[targetGroupFieldId(group)] === 'on'),
  );
  const statusEditable = !event || event.status === 'draft';
  const targetGroupsError = errorFor(errors, eventFieldId('targetGroups') ?? '');
  return (
    <Layout title={title} organiser={true} csrfToken={csrfToken} hasErrors={errors.length > 0}>
      <p class="breadcrumbs">
        <a href="/admin">Akce</a>
        {event ? (
          <>
            {' › '}
            <a href={`/admin/akce/${event.id}`}>{event.title}</a>
          </>
        ) : null}
      </p>
      <h1>{event ? 'Upravit akci' : 'Nová akce'}</h1>
      {event && event.status === 'published' ? (
        <p class="notice">
          Akce je zveřejněná. Když změníte termín nebo místo, pošleme všem registrovaným e-mail se
          změnou.
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      <form
        class="stacked"
        method="post"
        action={event ? `/admin/akce/${event.id}` : '/admin/akce'}
        novalidate
      >
        <input type="hidden" name={csrfFieldName} value={csrfToken} />
        <TextField id="title" label="Název akce" value={values.title} error={err('title')} />
        <TextArea
          id="description"
          label="Popis"
          hint="Program, pro koho je akce určena, co si vzít s sebou. Odstavce oddělte prázdným řádkem."
          optional={true}
          rows={8}
          value={values.description}
          error={err('description')}
        />
        <SelectField
          id="format"
          label="Formát"
          choices={eventFormats.map((f) => ({ value: f, label: eventFormatLabels[f] }))}
          value={values.format ?? 'training'}
          error={err('format')}
        />
        <TextField
          id="topics"
          label="Témata"
          hint="Oddělte čárkou, například: umělá inteligence, kybernetická bezpečnost"
          optional={true}
          value={values.topics}
          error={err('topics')}
        />
        <Checkbox
          id="modernTechFocus"
          label="Akce se zaměřuje na moderní technologie"
          hint={`Započítává se do ukazatele ${actionPlanGenitive}.`}
          checked={values.modernTechFocus === 'on'}
          error={err('modernTechFocus')}
        />
        <SelectField
          id="certificates"
          label="Osvědčení o absolvování"
          hint="Přítomní účastníci dostanou ráno po akci osvědčení e-mailem."
          choices={[
            { value: '', label: 'podle formátu (u\u00a0školení a\u00a0kurzů ano)' },
            { value: 'ano', label: 'vydávat' },
            { value: 'ne', label: 'nevydávat' },
          ]}
          value={values.certificates ?? ''}
          error={err('certificates')}
        />
        <fieldset class="field">
          <legend>Termín</legend>
          <p class="hint">
            Pokud prohlížeč nenabídne kalendář, zapište čas ve tvaru 2025-10-22T09:00.
          </p>
          <div class="columns">
            <TextField
              id="startsAt"
              type="datetime-local"
              label="Začátek"
              value={values.startsAt}
              error={err('startsAt')}
            />
            <TextField
              id="endsAt"
              type="datetime-local"
              label="Konec"
              value={values.endsAt}
              error={err('endsAt')}
            />
          </div>
        </fieldset>
        <TextField
          id="venue"
          label="Místo konání"
          hint="Adresa a místnost, nebo „online“."
          autocomplete="off"
          value={values.venue}
          error={err('venue')}
        />
        <TextField
          id="onlineUrl"
          type="url"
          label="Odkaz pro připojení online"
          hint="Zobrazí se na stránce akce a v e-mailech."
          optional={true}
          spellcheck={false}
          value={values.onlineUrl}
          error={err('onlineUrl')}
        />
        <TextField
          id="capacity"
          type="number"
          label="Kapacita (počet míst)"
          inputmode="numeric"
          class="short"
          min="1"
          max="10000"
          value={values.capacity}
          error={err('capacity')}
        />
        <TextField
          id="waitlistCapacity"
          type="number"
          label="Čekací listina (nejvýše míst)"
          hint="Když kolonku necháte prázdnou, vejde se na čekací listinu dvojnásobek kapacity. Nula čekací listinu vypne."
          optional={true}
          inputmode="numeric"
          class="short"
          min="0"
          max="20000"
          value={values.waitlistCapacity}
          error={err('waitlistCapacity')}
        />
        <CheckboxGroup
          id="targetGroups"
          label="Pro koho je akce určena"
          hint="Můžete vybrat více skupin."
          choices={targetGroups.map((g) => ({ value: g, label: targetGroupLabels[g] }))}
          checked={checkedGroups}
          error={targetGroupsError}
        />
        <fieldset class="field">
          <legend>
            Registrace <span class="optional">(nepovinné)</span>
          </legend>
          <p class="hint">Bez vyplnění je registrace otevřená od zveřejnění až do začátku akce.</p>
          <div class="columns">
            <TextField
              id="registrationOpensAt"
              type="datetime-local"
              label="Otevřít registraci"
              optional={true}
              value={values.registrationOpensAt}
              error={err('registrationOpensAt')}
            />
            <TextField
              id="registrationClosesAt"
              type="datetime-local"
              label="Uzavřít registraci"
              optional={true}
              value={values.registrationClosesAt}
              error={err('registrationClosesAt')}
            />
          </div>
        </fieldset>
        <TextField
          id="reminderOffsetsHours"
          label="Připomínky (hodin před začátkem)"
          hint="Oddělte čárkou, například 168, 24. Prázdné pole = výchozí nastavení systému."
          optional={true}
          class="short"
          value={values.reminderOffsetsHours}
          error={err('reminderOffsetsHours')}
        />
        <TextField
          id="clientAllowancePerHour"
          type="number"
          label="Registrací z jednoho připojení za hodinu"
          hint="Jen když se z jednoho úřadu registruje víc kolegů, než systém běžně dovolí. Prázdné pole = výchozí nastavení systému."
          optional={true}
          inputmode="numeric"
          class="short"
          min="1"
          max="1000"
          value={values.clientAllowancePerHour}
          error={err('clientAllowancePerHour')}
        />
        <TextField
          id="seriesId"
          label="Série"
          hint="Stejné označení spojí akce jednoho cyklu, například „AI-2025“."
          optional={true}
          value={values.seriesId}
          error={err('seriesId')}
        />
        {statusEditable ? (
          <SelectField
            id="status"
            label="Stav"
            choices={[
              { value: 'draft', label: 'koncept – zatím neveřejná' },
              { value: 'published', label: 'zveřejnit – registrace se otevře' },
            ]}
            value={values.status ?? 'draft'}
            error={err('status')}
          />
        ) : (
          <input type="hidden" name="status" value="published" />
        )}
        <div class="actions">
          <button type="submit">{editing ? 'Uložit změny' : 'Vytvořit akci'}</button>
          <a href={event ? `/admin/akce/${event.id}` : '/admin'}>Zrušit bez uložení</a>
        </div>
      </form>
    </Layout>
  );
}
