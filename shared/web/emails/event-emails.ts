import type { RenderedEmail } from '../../domain/mail-content';
import { startsInPhrase } from '../../domain/mail-content';
import { formatPragueRange, formatPragueTime } from '../../domain/prague-time';
import { eventDetails, renderEmail } from './layout';
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
    subject: `Akce zrušena: ${event.title}`,
    heading: 'Akce je zrušená',
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `je nám líto, ale akce „${event.title}“, která se měla konat ${formatPragueRange(event.startsAt, event.endsAt)} (${event.venue}), je zrušená. Vaše registrace tím zaniká, nemusíte nic dělat.`,
      },
      {
        type: 'paragraph',
        text: 'Omlouváme se za komplikace. Přiložený soubor (.ics) odebere akci z vašeho kalendáře, pokud jste si ji tam uložili.',
      },
      whyYouGetThis(event),
    ],
  });
}

export function eventChangedEmail(input: RegistrationEmailInput): RenderedEmail {
  const { event } = input;
  return renderEmail({
    subject: `Změna termínu nebo místa: ${event.title}`,
    heading: 'Akce má nový termín nebo místo',
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `u akce „${event.title}“, na kterou jste se registrovali, se změnil čas nebo místo konání. Platí tyto údaje:`,
      },
      eventDetails(event),
      {
        type: 'paragraph',
        text: 'Záznam v kalendáři aktualizujete přiloženým souborem (.ics).',
      },
      cancelAction(
        input,
        'Pokud vám nový termín nebo místo nevyhovuje, zrušte prosím registraci, ať místo může dostat někdo jiný.',
      ),
      eventPageAction(input),
      whyYouGetThis(event),
    ],
  });
}

/** "dnes v 9:00", "zítra v 9:00", "za 7 dní" — the lead of the reminder. */
function reminderLead(startsAt: string, now: Date): string {
  const phrase = startsInPhrase(startsAt, now);
  return phrase === 'dnes' || phrase === 'zítra'
    ? `${phrase} v ${formatPragueTime(startsAt)}`
    : phrase;
}

export function reminderEmail(input: RegistrationEmailInput): RenderedEmail {
  const { event, now } = input;
  const phrase = startsInPhrase(event.startsAt, now);
  return renderEmail({
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
