import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export type CalendarMethod = 'REQUEST' | 'PUBLISH' | 'CANCEL';

export interface EventIcsInput {
  /** Must stay the same across updates and cancellation so calendars replace the entry. */
  uid: string;
  title: string;
  description?: string;
  /** UTC ISO 8601 instant. */
  startsAt: string;
  /** UTC ISO 8601 instant. */
  endsAt: string;
  location?: string;
  url?: string;
  organiserName: string;
  organiserEmail: string;
  /**
   * PUBLISH (default) makes mail clients offer "add to calendar" for an attachment; REQUEST
   * would present it as a meeting invitation expecting a reply, which we do not process.
   */
  method?: CalendarMethod;
  /** Increment on every change of an already sent event, otherwise clients ignore the update. */
  sequence?: number;
  alarmMinutesBefore?: number;
  /** DTSTAMP; defaults to the current time. Injectable for reproducible output. */
  stampedAt?: string;
}

const DEFAULT_ALARM_MINUTES = 60;

const METHODS: Record<CalendarMethod, ICalCalendarMethod> = {
  REQUEST: ICalCalendarMethod.REQUEST,
  PUBLISH: ICalCalendarMethod.PUBLISH,
  CANCEL: ICalCalendarMethod.CANCEL,
};

function parseInstant(label: string, iso: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`${label} is not a valid ISO 8601 instant: ${JSON.stringify(iso)}`);
  }
  return date;
}

export function buildEventIcs(input: EventIcsInput): string {
  const start = parseInstant('startsAt', input.startsAt);
  const end = parseInstant('endsAt', input.endsAt);
  if (end.getTime() < start.getTime()) {
    throw new RangeError('endsAt must not be before startsAt');
  }
  const alarmMinutes = input.alarmMinutesBefore ?? DEFAULT_ALARM_MINUTES;
  if (!Number.isInteger(alarmMinutes) || alarmMinutes < 0) {
    throw new RangeError(`alarmMinutesBefore must be a non-negative integer, got ${alarmMinutes}`);
  }
  const method = input.method ?? 'PUBLISH';

  const calendar = ical({
    prodId: { company: 'chytra-skoleni', product: 'registrace', language: 'CS' },
    method: METHODS[method],
  });
  const event = calendar.createEvent({
    id: input.uid,
    start,
    end,
    stamp: input.stampedAt === undefined ? new Date() : parseInstant('stampedAt', input.stampedAt),
    summary: input.title,
    description: input.description ?? null,
    location: input.location ?? null,
    url: input.url ?? null,
    organizer: { name: input.organiserName, email: input.organiserEmail },
    sequence: input.sequence ?? 0,
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  event.createAlarm({
    type: ICalAlarmType.display,
    trigger: alarmMinutes * 60,
    description: `Připomenutí: ${input.title}`,
  });

  const text = calendar.toString();
  // RFC 5545 terminates every content line with CRLF, including the last; ical-generator omits it.
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
