import { targetGroups } from '../domain/event';
import { pragueLocalToUtcIso } from '../domain/prague-time';
import { targetGroupFieldId } from './pages/admin/event-form';

/*
 * The HTML forms send flat text fields; these map them onto the JSON shape the use cases
 * validate, the same shape the API takes. Nothing is validated here: a value that does not fit
 * is passed on so that the schema refuses it on the right field with its Czech message.
 */

type FormFields = Record<string, string | undefined>;

const text = (value: string | undefined) => value?.trim() ?? '';
const optionalText = (value: string | undefined) => text(value) || undefined;

/** The person fields of the registration and walk-in forms, organisation and IČO as one object. */
function personFromForm(form: FormFields) {
  const organisationName = text(form.organisationName);
  const ico = text(form.ico);
  return {
    name: form.name ?? '',
    email: form.email ?? '',
    role: form.role || undefined,
    organisation: organisationName || ico ? { name: organisationName, ico } : undefined,
  };
}

/** The public registration form. */
export function registrationFromForm(form: FormFields): unknown {
  return {
    ...personFromForm(form),
    consent: form.consent === 'on' || form.consent === 'true' ? true : undefined,
    website: form.website,
  };
}

/** The check-in page's walk-in form. */
export function walkInFromForm(form: FormFields): unknown {
  return personFromForm(form);
}

/** The survey form: scores as numbers, the recommendation as a yes or no. */
export function surveyAnswerFromForm(form: FormFields): unknown {
  const scoreOf = (value: string | undefined) => {
    if (value === undefined || value.trim() === '') return undefined;
    // Anything else than digits stays a string and is refused as the wrong type.
    return /^\d+$/.test(value.trim()) ? Number(value) : value;
  };
  const recommend = form.recommend;
  return {
    satisfaction: scoreOf(form.satisfaction),
    usefulness: scoreOf(form.usefulness),
    recommend:
      recommend === 'ano' ? true : recommend === 'ne' ? false : recommend ? recommend : undefined,
    comment: form.comment,
    topics: form.topics,
  };
}

/**
 * A `datetime-local` value as a UTC instant. A value that is not a real Prague time is passed on
 * unchanged, so the schema reports it as an invalid date on the right field.
 */
function instant(value: string | undefined): string | undefined {
  const local = text(value);
  if (!local) return undefined;
  try {
    return pragueLocalToUtcIso(local);
  } catch {
    return local;
  }
}

/** "1 000" and "20" become numbers; anything else stays text for the schema to refuse. */
function wholeNumber(value: string | undefined): number | string | undefined {
  const compact = (value ?? '').replace(/[\s\u00a0]/g, '');
  if (!compact) return undefined;
  return /^-?\d+([.,]\d+)?$/.test(compact) ? Number(compact.replace(',', '.')) : compact;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The organiser's event form, times in Prague wall-clock time. */
export function eventFromForm(form: FormFields): unknown {
  const offsets = list(form.reminderOffsetsHours);
  return {
    title: text(form.title),
    description: text(form.description),
    format: optionalText(form.format),
    topics: list(form.topics),
    modernTechFocus: form.modernTechFocus === 'on',
    startsAt: instant(form.startsAt),
    endsAt: instant(form.endsAt),
    venue: text(form.venue),
    onlineUrl: optionalText(form.onlineUrl),
    capacity: wholeNumber(form.capacity),
    waitlistCapacity: wholeNumber(form.waitlistCapacity),
    targetGroups: targetGroups.filter((group) => form[targetGroupFieldId(group)] === 'on'),
    registrationOpensAt: instant(form.registrationOpensAt),
    registrationClosesAt: instant(form.registrationClosesAt),
    status: optionalText(form.status),
    seriesId: optionalText(form.seriesId),
    reminderOffsetsHours: offsets.length ? offsets.map(wholeNumber) : undefined,
    clientAllowancePerHour: wholeNumber(form.clientAllowancePerHour),
    certificates:
      form.certificates === 'ano' ? true : form.certificates === 'ne' ? false : undefined,
  };
}
