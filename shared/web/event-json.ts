import {
  eventPhase,
  registrationWindow,
  seatsLeft,
  type TrainingEvent,
  waitlistLimit,
} from '../domain/event';

/** The public JSON form of an event (GET /api/events); a stable contract for other systems. */
export function publicEventJson(event: TrainingEvent, nowMs: number) {
  return {
    id: event.id,
    title: event.title,
    description: event.description,
    format: event.format,
    topics: event.topics,
    modernTechFocus: event.modernTechFocus,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    venue: event.venue,
    onlineUrl: event.onlineUrl ?? null,
    capacity: event.capacity,
    seatsLeft: seatsLeft(event),
    /** People on the waiting list (a count, no names). */
    waitingCount: event.waitlistedCount,
    targetGroups: event.targetGroups,
    seriesId: event.seriesId ?? null,
    status: eventPhase(event, nowMs),
    registrationOpen: registrationWindow(event, nowMs).open,
  };
}

/** The organiser's view adds the counters and settings the public does not need. */
export function adminEventJson(event: TrainingEvent, nowMs: number) {
  return {
    ...publicEventJson(event, nowMs),
    storedStatus: event.status,
    confirmedCount: event.confirmedCount,
    waitlistedCount: event.waitlistedCount,
    /** The cap of the waiting list in force: the organiser's setting or twice the capacity. */
    waitlistLimit: waitlistLimit(event),
    waitlistCapacity: event.waitlistCapacity ?? null,
    registrationOpensAt: event.registrationOpensAt ?? null,
    registrationClosesAt: event.registrationClosesAt ?? null,
    reminderOffsetsHours: event.reminderOffsetsHours ?? null,
    clientAllowancePerHour: event.clientAllowancePerHour ?? null,
    revision: event.revision,
    createdAt: event.createdAt,
    updatedAt: event.updatedAt,
  };
}
