import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema';
import { audiencesNominative } from './vocabulary';

export const eventFormats = [
  'training',
  'course',
  'seminar',
  'workshop',
  'round-table',
  'conference',
  'internship',
] as const;
export type EventFormat = (typeof eventFormats)[number];

export const eventFormatLabels: Record<EventFormat, string> = {
  training: 'školení',
  course: 'kurz',
  seminar: 'seminář',
  workshop: 'workshop',
  'round-table': 'kulatý stůl',
  conference: 'konference',
  internship: 'stáž',
};

export const targetGroups = ['clerks', 'mayors', 'regional-staff', 'citizens', 'other'] as const;
export type TargetGroup = (typeof targetGroups)[number];

export const targetGroupLabels: Record<TargetGroup, string> = audiencesNominative;

export const eventStatuses = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof eventStatuses)[number];

/** What a person sees: "held" is derived from the clock, never stored. */
export type EventPhase = 'draft' | 'cancelled' | 'upcoming' | 'running' | 'held';

/**
 * Any ISO 8601 instant in, UTC out: the byStart index sorts keys as text, which orders instants
 * correctly only when they all share one offset.
 */
const isoInstant = lazySchema(() =>
  z.pipe(
    z.iso.datetime({ offset: true }),
    z.transform((value: string) => new Date(value).toISOString()),
  ),
);
const trimmed = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** The stored event, validated whenever it is read back from the table. */
export const eventSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    format: z.enum(eventFormats),
    topics: z.array(z.string()),
    modernTechFocus: z.boolean(),
    startsAt: z.string(),
    endsAt: z.string(),
    venue: z.string(),
    onlineUrl: z.optional(z.string()),
    capacity: z.number(),
    targetGroups: z.array(z.enum(targetGroups)),
    registrationOpensAt: z.optional(z.string()),
    registrationClosesAt: z.optional(z.string()),
    status: z.enum(eventStatuses),
    seriesId: z.optional(z.string()),
    hidden: z.optional(z.boolean()),
    /** Hours before the start; undefined follows the global setting. */
    reminderOffsetsHours: z.optional(z.array(z.number())),
    /**
     * Registrations one client address may make for this event per hour, when the organiser
     * raised it above the default (an office registering its staff); see eventAllowanceCounter.
     */
    clientAllowancePerHour: z.optional(z.number()),
    /** Certificates of attendance; undefined follows the format (on for trainings and courses). */
    certificates: z.optional(z.boolean()),
    /** The organiser's cap on the waiting list; undefined means twice the capacity. */
    waitlistCapacity: z.optional(z.number()),
    confirmedCount: z.number(),
    waitlistedCount: z.number(),
    /** When the people still waiting were told the event is full; set once, after the cut-off. */
    waitlistClosedAt: z.optional(z.string()),
    /** Bumped on every change people are told about; the .ics SEQUENCE. */
    revision: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type TrainingEvent = z.infer<typeof eventSchema>;

/** What an organiser sends to create or edit an event (JSON API and the organiser form). */
export const eventInputSchema = lazySchema(() =>
  z
    .object({
      title: trimmed(200),
      description: z._default(z.string().check(z.trim(), z.maxLength(5000)), ''),
      format: z._default(z.enum(eventFormats), 'training'),
      topics: z._default(z.array(trimmed(60)).check(z.maxLength(20)), []),
      modernTechFocus: z.boolean(),
      startsAt: isoInstant,
      endsAt: isoInstant,
      venue: trimmed(300),
      onlineUrl: z.optional(z.url({ protocol: /^https?$/ })),
      capacity: z.number().check(z.int(), z.minimum(1), z.maximum(10_000)),
      waitlistCapacity: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(20_000))),
      targetGroups: z._default(z.array(z.enum(targetGroups)), []),
      registrationOpensAt: z.optional(isoInstant),
      registrationClosesAt: z.optional(isoInstant),
      status: z._default(z.enum(['draft', 'published']), 'published'),
      seriesId: z.optional(trimmed(100)),
      /**
       * A test event (the deployment smoke test): reachable by its link and open for registration,
       * but in no public list and no indicator, and the only kind of event that may be deleted.
       */
      hidden: z.optional(z.boolean()),
      reminderOffsetsHours: z.optional(
        z.array(z.number().check(z.int(), z.minimum(1), z.maximum(24 * 60))).check(z.maxLength(5)),
      ),
      clientAllowancePerHour: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(1000))),
      certificates: z.optional(z.boolean()),
    })
    .check(
      z.refine((input) => Date.parse(input.endsAt) > Date.parse(input.startsAt), {
        path: ['endsAt'],
        params: { code: 'ends_before_start' },
      }),
      z.refine(
        (input) =>
          !input.registrationOpensAt ||
          !input.registrationClosesAt ||
          Date.parse(input.registrationClosesAt) > Date.parse(input.registrationOpensAt),
        { path: ['registrationClosesAt'], params: { code: 'closes_before_opens' } },
      ),
    ),
);
export type EventInput = z.infer<typeof eventInputSchema>;

export const eventFieldMessages = {
  title: { required: 'Vyplňte název akce.' },
  startsAt: { required: 'Vyplňte začátek akce.', invalid_datetime: 'Zadejte začátek akce.' },
  endsAt: {
    required: 'Vyplňte konec akce.',
    invalid_datetime: 'Zadejte konec akce.',
    ends_before_start: 'Konec akce musí být po jejím začátku.',
  },
  venue: { required: 'Vyplňte místo konání (adresu nebo „online“).' },
  capacity: {
    required: 'Vyplňte kapacitu.',
    too_small: 'Kapacita musí být alespoň 1 místo.',
    too_big: 'Kapacita může být nejvýše 10 000 míst.',
    invalid_type: 'Kapacita musí být celé číslo.',
  },
  waitlistCapacity: {
    too_small: 'Čekací listina nemůže mít záporný počet míst. Zadejte 0, pokud ji nechcete.',
    too_big: 'Čekací listina může mít nejvýše 20 000 míst.',
    invalid_type: 'Počet míst na čekací listině musí být celé číslo.',
  },
  modernTechFocus: { required: 'Uveďte, zda se akce zaměřuje na moderní technologie.' },
  clientAllowancePerHour: {
    invalid_type: 'Zadejte celý počet registrací, například 60, nebo pole nechte prázdné.',
    too_small: 'Zadejte alespoň 1 registraci, nebo pole nechte prázdné.',
    too_big: 'Z jednoho připojení lze povolit nejvýše 1 000 registrací za hodinu.',
  },
  registrationClosesAt: {
    closes_before_opens: 'Registrace musí končit až po svém otevření.',
  },
};

export function newEvent(id: string, input: EventInput, nowIso: string): TrainingEvent {
  return {
    id,
    ...input,
    confirmedCount: 0,
    waitlistedCount: 0,
    revision: 0,
    createdAt: nowIso,
    updatedAt: nowIso,
  };
}

export function eventPhase(event: TrainingEvent, nowMs: number): EventPhase {
  if (event.status === 'draft') return 'draft';
  if (event.status === 'cancelled') return 'cancelled';
  if (nowMs < Date.parse(event.startsAt)) return 'upcoming';
  if (nowMs < Date.parse(event.endsAt)) return 'running';
  return 'held';
}

/** How many may wait for a seat: the organiser's setting, by default twice the capacity. */
export function waitlistLimit(event: Pick<TrainingEvent, 'capacity' | 'waitlistCapacity'>): number {
  return event.waitlistCapacity ?? 2 * event.capacity;
}

export function seatsLeft(event: TrainingEvent): number {
  return Math.max(0, event.capacity - event.confirmedCount);
}

export type RegistrationWindow =
  | { open: true }
  | { open: false; reason: 'draft' | 'cancelled' | 'not-yet-open' | 'closed' | 'started' };

/** Registration closes at the configured moment, and at the latest when the event starts. */
export function registrationWindow(event: TrainingEvent, nowMs: number): RegistrationWindow {
  if (event.status === 'draft') return { open: false, reason: 'draft' };
  if (event.status === 'cancelled') return { open: false, reason: 'cancelled' };
  if (nowMs >= Date.parse(event.startsAt)) return { open: false, reason: 'started' };
  if (event.registrationOpensAt && nowMs < Date.parse(event.registrationOpensAt)) {
    return { open: false, reason: 'not-yet-open' };
  }
  if (event.registrationClosesAt && nowMs >= Date.parse(event.registrationClosesAt)) {
    return { open: false, reason: 'closed' };
  }
  return { open: true };
}

export const registrationClosedMessages: Record<
  Exclude<RegistrationWindow, { open: true }>['reason'],
  string
> = {
  draft: 'Tato akce zatím není zveřejněná, registrace není možná.',
  cancelled: 'Tato akce byla zrušena, registrace už není možná.',
  'not-yet-open': 'Registrace na tuto akci ještě nebyla otevřena.',
  closed: 'Registrace na tuto akci je už uzavřená.',
  started: 'Akce už začala nebo proběhla, registrace už není možná.',
};
