import * as z from 'zod/mini';
import { ConflictError, type FieldError, NotFoundError, ValidationError } from '../domain/errors';
import type { TrainingEvent } from '../domain/event';
import { idPattern, newId } from '../domain/ids';
import { lazySchema } from '../domain/lazy-schema';
import {
  normaliseEmail,
  organisationInputSchema,
  type Registration,
  type Role,
  registrationFieldMessages,
  roles,
} from '../domain/registration';
import { type FieldMessages, toFieldErrors } from '../domain/validation';
import type { AttendanceStore, EventStore, RegistrationStore } from './ports';

export interface AttendanceDeps {
  events: Pick<EventStore, 'getEvent'> & Pick<RegistrationStore, 'listRegistrations'>;
  attendance: AttendanceStore;
  now: () => Date;
}

export const attendanceInputSchema = lazySchema(() =>
  z.object({
    registrationIds: z
      .array(z.string().check(z.regex(idPattern)))
      .check(z.minLength(1), z.maxLength(500)),
    /** false undoes a check-in made by mistake. */
    present: z._default(z.boolean(), true),
  }),
);

const attendanceFieldMessages: FieldMessages = {
  registrationIds: {
    required: 'Pošlete seznam registrací (registrationIds).',
    too_small: 'Pošlete alespoň jednu registraci.',
    too_big: 'Najednou lze označit nejvýše 500 registrací.',
  },
  present: { invalid_type: 'Hodnota „present“ musí být true, nebo false.' },
};

export interface AttendanceResult {
  /** How many of the given registrations are now in the requested state. */
  marked: number;
  /** How many of them this request changed (0 when repeated: the call is idempotent). */
  changed: number;
  /** People from the waiting list who were let in and are now confirmed. */
  admittedFromWaitlist: number;
}

async function requireEvent(deps: AttendanceDeps, eventId: string): Promise<TrainingEvent> {
  const event = idPattern.test(eventId) ? await deps.events.getEvent(eventId) : undefined;
  if (!event) throw new NotFoundError('event', 'Akce nenalezena.');
  return event;
}

/**
 * Records who came (or undoes it) for a list of registrations of one event.
 * 1. Validate; every id must be a registration of this event that was not cancelled. If any is
 *    not, nothing is written and each bad id gets its own error (field `registrationIds.<n>`).
 * 2. Mark each; repeating the call changes nothing. The clock does not limit this: organisers
 *    often complete the record from a paper sheet days later.
 */
export async function recordAttendance(
  deps: AttendanceDeps,
  eventId: string,
  raw: unknown,
): Promise<AttendanceResult> {
  const parsed = attendanceInputSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(toFieldErrors(parsed.error.issues, attendanceFieldMessages, raw));
  }
  const event = await requireEvent(deps, eventId);
  if (event.status !== 'published') {
    throw new ConflictError(
      'event_not_published',
      'Přítomnost lze zaznamenat jen u zveřejněné akce, která nebyla zrušena.',
    );
  }
  const byId = new Map((await deps.events.listRegistrations(eventId)).map((r) => [r.id, r]));
  const ids = [...new Set(parsed.data.registrationIds)];
  const errors: FieldError[] = [];
  parsed.data.registrationIds.forEach((id, index) => {
    const registration = byId.get(id);
    if (!registration) {
      errors.push({
        field: `registrationIds.${index}`,
        code: 'not_found',
        message: 'Tato registrace k akci nepatří.',
      });
    } else if (registration.status === 'cancelled' && parsed.data.present) {
      errors.push({
        field: `registrationIds.${index}`,
        code: 'registration_cancelled',
        message: 'Registrace byla zrušena, přítomnost u ní nelze zaznamenat.',
      });
    }
  });
  if (errors.length > 0) throw new ValidationError(errors);

  const nowIso = deps.now().toISOString();
  const result: AttendanceResult = { marked: 0, changed: 0, admittedFromWaitlist: 0 };
  for (const id of ids) {
    const registration = byId.get(id) as Registration;
    if (parsed.data.present) {
      const outcome = await deps.attendance.markPresent(registration, nowIso);
      if (outcome.outcome === 'marked' || outcome.outcome === 'admitted') result.changed++;
      if (outcome.outcome === 'admitted') result.admittedFromWaitlist++;
      if (outcome.outcome !== 'cancelled' && outcome.outcome !== 'not-found') result.marked++;
    } else {
      const outcome = await deps.attendance.markAbsent(registration);
      if (outcome.outcome === 'unmarked') result.changed++;
      if (outcome.outcome !== 'not-found') result.marked++;
    }
  }
  return result;
}

export type CheckInResult =
  | {
      outcome: 'marked' | 'admitted' | 'already-present' | 'cancelled';
      event: TrainingEvent;
      registration: Registration;
    }
  | { outcome: 'not-found' };

export type CheckInPreview =
  | {
      outcome: 'found';
      event: TrainingEvent;
      registration: Registration;
      /** Admitting this person from the waiting list takes the event over its capacity. */
      overCapacity: boolean;
    }
  | { outcome: 'not-found' };

/** Who a check-in link names, before anything is recorded (the page the QR code opens). */
export async function previewCheckIn(
  deps: AttendanceDeps,
  eventId: string,
  registrationId: string,
): Promise<CheckInPreview> {
  const event = idPattern.test(eventId) ? await deps.events.getEvent(eventId) : undefined;
  const registration = event
    ? await deps.attendance.getRegistration(eventId, registrationId)
    : undefined;
  if (!event || !registration) return { outcome: 'not-found' };
  const overCapacity =
    registration.status === 'waitlisted' &&
    !registration.attendedAt &&
    event.confirmedCount >= event.capacity;
  return { outcome: 'found', event, registration, overCapacity };
}

/** One person at the door (QR code of their confirmation email). */
export async function checkIn(
  deps: AttendanceDeps,
  eventId: string,
  registrationId: string,
): Promise<CheckInResult> {
  const event = idPattern.test(eventId) ? await deps.events.getEvent(eventId) : undefined;
  const registration = event
    ? await deps.attendance.getRegistration(eventId, registrationId)
    : undefined;
  if (!event || !registration) return { outcome: 'not-found' };
  if (event.status !== 'published') {
    throw new ConflictError(
      'event_not_published',
      'Tato akce byla zrušena nebo není zveřejněná, přítomnost nelze zaznamenat.',
    );
  }
  const result = await deps.attendance.markPresent(registration, deps.now().toISOString());
  if (result.outcome === 'not-found') return result;
  return { outcome: result.outcome, event, registration: result.registration };
}

/** Roles that act for an organisation, as in the registration form. */
const rolesWithOrganisation: ReadonlySet<Role> = new Set(['clerk', 'mayor', 'regional-staff']);

const walkInEmail = lazySchema(() =>
  z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254), z.email()),
);

/** Someone who came without registering; the organiser fills this in at the door. */
export const walkInInputSchema = lazySchema(() =>
  z
    .object({
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
      /** Optional: with it they get the feedback survey like everybody else. */
      email: z.optional(z.union([z.literal(''), walkInEmail])),
      role: z.enum(roles),
      organisation: z.optional(organisationInputSchema),
    })
    .check(
      z.refine(
        (input) => !rolesWithOrganisation.has(input.role) || Boolean(input.organisation?.name),
        { path: ['organisation', 'name'], params: { code: 'required' } },
      ),
    ),
);
export type WalkInInput = z.infer<typeof walkInInputSchema>;

export const walkInFieldMessages: FieldMessages = {
  ...registrationFieldMessages,
  email: {
    invalid_email: 'Zadejte platnou e-mailovou adresu, nebo pole nechte prázdné.',
    too_long: 'E-mailová adresa je příliš dlouhá.',
  },
  role: { required: 'Vyberte roli účastníka.', invalid_option: 'Vyberte roli ze seznamu.' },
  'organisation.name': {
    required: 'Vyplňte úřad nebo organizaci, za kterou účastník přišel.',
    too_long: 'Název organizace může mít nejvýše 200 znaků.',
  },
};

/**
 * Registers someone at the door: confirmed and present at once, source 'walk-in'. They need no
 * free seat (they are already in the room); the seat counter still grows so that the numbers
 * stay true. An address that already has a registration for the event is refused: that person
 * is checked in from the list instead.
 */
export async function addWalkIn(
  deps: AttendanceDeps,
  eventId: string,
  raw: unknown,
): Promise<Registration> {
  const parsed = walkInInputSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(toFieldErrors(parsed.error.issues, walkInFieldMessages, raw));
  }
  const input = parsed.data;
  const event = await requireEvent(deps, eventId);
  if (event.status !== 'published') {
    throw new ConflictError(
      'event_not_published',
      'Účastníky na místě lze přidat jen ke zveřejněné akci, která nebyla zrušena.',
    );
  }
  const now = deps.now();
  const nowIso = now.toISOString();
  const registration: Registration = {
    id: newId(now.getTime()),
    eventId,
    name: input.name,
    ...(input.email ? { email: normaliseEmail(input.email) } : {}),
    role: input.role,
    ...(input.organisation?.name ? { organisationName: input.organisation.name } : {}),
    ...(input.organisation?.ico ? { ico: input.organisation.ico } : {}),
    status: 'confirmed',
    source: 'walk-in',
    createdAt: nowIso,
    confirmedAt: nowIso,
    attendedAt: nowIso,
  };
  const outcome = await deps.attendance.addWalkIn(registration);
  if (outcome === 'email-taken') {
    throw new ConflictError(
      'walk_in_already_registered',
      'S touto e-mailovou adresou už je na akci někdo registrovaný. Vyhledejte ho v seznamu a označte jeho přítomnost tam.',
    );
  }
  if (outcome === 'event-closed') {
    throw new ConflictError(
      'event_not_published',
      'Účastníky na místě lze přidat jen ke zveřejněné akci, která nebyla zrušena.',
    );
  }
  return registration;
}
