import { type TrainingEvent, targetGroups } from '../../../domain/event';
import { utcIsoToPragueLocal } from '../../../domain/prague-time';
import type { FieldMessageOverrides } from '../form-components';

/**
 * The organiser's event form: field ids, the stored event as form values and the form's wording.
 * The way back, form to input, is eventFromForm in shared/web/form-input.ts.
 */

export const targetGroupFieldId = (group: string) => `targetGroups-${group}`;

/** The stored event as form values, for the edit form. */
export function eventToForm(event: TrainingEvent): Record<string, string> {
  const form: Record<string, string> = {
    title: event.title,
    description: event.description,
    format: event.format,
    topics: event.topics.join(', '),
    startsAt: utcIsoToPragueLocal(event.startsAt),
    endsAt: utcIsoToPragueLocal(event.endsAt),
    venue: event.venue,
    onlineUrl: event.onlineUrl ?? '',
    capacity: String(event.capacity),
    waitlistCapacity: event.waitlistCapacity === undefined ? '' : String(event.waitlistCapacity),
    registrationOpensAt: event.registrationOpensAt
      ? utcIsoToPragueLocal(event.registrationOpensAt)
      : '',
    registrationClosesAt: event.registrationClosesAt
      ? utcIsoToPragueLocal(event.registrationClosesAt)
      : '',
    status: event.status === 'draft' ? 'draft' : 'published',
    seriesId: event.seriesId ?? '',
    reminderOffsetsHours: event.reminderOffsetsHours?.join(', ') ?? '',
    clientAllowancePerHour:
      event.clientAllowancePerHour === undefined ? '' : String(event.clientAllowancePerHour),
  };
  if (event.modernTechFocus) form.modernTechFocus = 'on';
  if (event.certificates !== undefined) form.certificates = event.certificates ? 'ano' : 'ne';
  for (const group of event.targetGroups) form[targetGroupFieldId(group)] = 'on';
  return form;
}

/** Form control ids by the use case's field names ("topics.2" → topics). */
export function eventFieldId(field: string): string | undefined {
  const root = field.split('.')[0] ?? field;
  switch (root) {
    case 'targetGroups':
      return targetGroupFieldId(targetGroups[0]);
    case 'body':
      return undefined;
    default:
      return root;
  }
}

/** Wording for fields the domain only words generically. */
export const eventFormMessages: FieldMessageOverrides = {
  description: { too_long: 'Popis může mít nejvýše 5 000 znaků.' },
  title: { too_long: 'Název může mít nejvýše 200 znaků.' },
  venue: { too_long: 'Místo konání může mít nejvýše 300 znaků.' },
  topics: {
    too_long: 'Jedno téma může mít nejvýše 60 znaků; témata oddělte čárkou.',
    too_big: 'Uveďte nejvýše 20 témat.',
  },
  onlineUrl: {
    invalid_url:
      'Zadejte webovou adresu začínající https://, například https://meet.example.cz/skoleni.',
  },
  startsAt: { invalid_type: 'Zadejte začátek akce.' },
  endsAt: { invalid_type: 'Zadejte konec akce.' },
  registrationOpensAt: {
    invalid_datetime: 'Zadejte datum a čas otevření registrace, nebo pole nechte prázdné.',
  },
  registrationClosesAt: {
    invalid_datetime: 'Zadejte datum a čas uzavření registrace, nebo pole nechte prázdné.',
  },
  seriesId: { too_long: 'Označení série může mít nejvýše 100 znaků.' },
  reminderOffsetsHours: {
    invalid_type: 'Zadejte celé počty hodin oddělené čárkou, například 168, 24.',
    too_small: 'Připomínku lze poslat nejpozději 1 hodinu před začátkem.',
    too_big: 'Zadejte nejvýše 5 připomínek, každou nejvýše 1 440 hodin (60 dní) před začátkem.',
    invalid: 'Zadejte celé počty hodin oddělené čárkou, například 168, 24.',
  },
  format: { invalid_option: 'Vyberte formát akce ze seznamu.' },
  status: { invalid_option: 'Vyberte, zda akci zveřejnit, nebo uložit jako koncept.' },
};
