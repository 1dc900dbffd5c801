import type { TrainingEvent } from '../../domain/event';
import type { RenderedEmail } from '../../domain/mail-content';
import { startsInPhrase } from '../../domain/mail-content';
import {
  formatPragueAtTime,
  formatPragueRange,
  formatPragueRangeInSentence,
} from '../../domain/prague-time';
import { type Block, eventDetails, renderEmail } from './layout';
import {
  cancelAction,
  checkinQr,
  eventPageAction,
  greeting,
  type RegistrationEmailInput,
  whyYouGetThis,
} from './registration-emails';

export function eventCancelledEmail(input: RegistrationEmailInput): RenderedEmail {
  const { event } = input;
  return renderEmail({
    contact: input.contact,
    subject: `Akce zrušena: ${event.title}`,
    heading: 'Akce je zrušená',
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `je nám líto, ale akce „${event.title}“, která se měla konat ${formatPragueRangeInSentence(event.startsAt, event.endsAt)} (${event.venue}), je zrušená. Vaše registrace tím zaniká, nemusíte nic dělat.`,
      },
      {
        type: 'paragraph',
        text: 'Omlouváme se za komplikace. Přiložený soubor (.ics) odebere akci z vašeho kalendáře, pokud jste si ji tam uložili.',
      },
      whyYouGetThis(event),
    ],
  });
}

/** When and where an event was before an organiser changed it. */
export type EventTimeAndPlace = Pick<TrainingEvent, 'startsAt' | 'endsAt' | 'venue' | 'onlineUrl'>;

type ChangeKind = 'time' | 'place' | 'both' | 'unknown';

function changeKind(before: EventTimeAndPlace | undefined, after: TrainingEvent): ChangeKind {
  if (!before) return 'unknown';
  const time = before.startsAt !== after.startsAt || before.endsAt !== after.endsAt;
  const place = before.venue !== after.venue || before.onlineUrl !== after.onlineUrl;
  if (time && place) return 'both';
  if (time) return 'time';
  return place ? 'place' : 'unknown';
}

/** „Změna termínu“: the one word for the change, in the subject, heading and body alike. */
const changeGenitive: Record<ChangeKind, string> = {
  time: 'termínu',
  place: 'místa',
  both: 'termínu a místa',
  unknown: 'termínu nebo místa',
};

function placeText(event: EventTimeAndPlace): string {
  return event.onlineUrl ? `${event.venue} (online: ${event.onlineUrl})` : event.venue;
}

/** „Původně … / Nově …“ for what changed. */
function changeRows(kind: ChangeKind, before: EventTimeAndPlace, after: TrainingEvent): Block {
  const describe = (event: EventTimeAndPlace) =>
    [
      kind !== 'place' ? formatPragueRange(event.startsAt, event.endsAt) : undefined,
      kind !== 'time' ? placeText(event) : undefined,
    ]
      .filter((part) => part !== undefined)
      .join(', ');
  return {
    type: 'details',
    rows: [
      ['Původně', describe(before)],
      ['Nově', describe(after)],
    ],
  };
}

export function eventChangedEmail(
  input: RegistrationEmailInput & { previous?: EventTimeAndPlace },
): RenderedEmail {
  const { event, previous } = input;
  const kind = changeKind(previous, event);
  const change = changeGenitive[kind];
  return renderEmail({
    contact: input.contact,
    subject: `Změna ${change}: ${event.title}`,
    heading: `Změna ${change} akce`,
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `u akce „${event.title}“, na kterou jste se registrovali, došlo ke změně ${change}.`,
      },
      ...(previous && kind !== 'unknown' ? [changeRows(kind, previous, event)] : []),
      { type: 'paragraph', text: 'Platí tyto údaje:' },
      eventDetails(event),
      {
        type: 'paragraph',
        text: 'Záznam v kalendáři aktualizujete přiloženým souborem (.ics).',
      },
      cancelAction(
        input,
        `Pokud vám změna ${change} nevyhovuje, zrušte prosím registraci, aby místo mohl dostat někdo jiný.`,
      ),
      eventPageAction(input),
      whyYouGetThis(event),
    ],
  });
}

/** "dnes v 9:00", "zítra ve 14:00", "za 7 dní" — the lead of the reminder. */
function reminderLead(startsAt: string, now: Date): string {
  const phrase = startsInPhrase(startsAt, now);
  return phrase === 'dnes' || phrase === 'zítra'
    ? `${phrase} ${formatPragueAtTime(startsAt)}`
    : phrase;
}

export function reminderEmail(input: RegistrationEmailInput): RenderedEmail {
  const { event, now } = input;
  const phrase = startsInPhrase(event.startsAt, now);
  return renderEmail({
    contact: input.contact,
    subject: `Připomínka: ${event.title} ${phrase === 'dnes' || phrase === 'zítra' ? `už ${phrase}` : phrase}`,
    heading: `Akce začíná ${reminderLead(event.startsAt, now)}`,
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `připomínáme, že akce „${event.title}“, na kterou máte potvrzené místo, začíná ${reminderLead(event.startsAt, now)}.`,
      },
      eventDetails(event),
      ...checkinQr(input.qrCid),
      {
        type: 'paragraph',
        text: 'V příloze je záznam do kalendáře (.ics) s aktuálními údaji.',
      },
      cancelAction(
        input,
        'Pokud nemůžete přijít, zrušte prosím registraci. Uvolněné místo dostane někdo z čekací listiny.',
      ),
      eventPageAction(input),
      whyYouGetThis(event),
    ],
  });
}
