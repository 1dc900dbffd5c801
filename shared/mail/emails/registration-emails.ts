import type { TrainingEvent } from '../../domain/event';
import type { RenderedEmail } from '../../domain/mail-content';
import { formatPragueShortDateTime } from '../../domain/prague-time';
import { type Registration, registrationStatusLabels } from '../../domain/registration';
import {
  type OrganiserContact,
  organiserOffice,
  waitingListPromise,
} from '../../domain/vocabulary';
import { type Block, eventDetails, renderEmail } from './layout';

/** What every email about one registration is rendered from. */
export interface RegistrationEmailInput {
  event: TrainingEvent;
  registration: Registration;
  links: {
    event: string;
    cancel: string;
  };
  now: Date;
  /** How to reach the organisers, in the signature. */
  contact: OrganiserContact;
  /** Content-ID of the attached check-in QR image, when the email carries one. */
  qrCid?: string;
}

export const greeting = 'Dobrý den,';

export function whyYouGetThis(event: TrainingEvent): Block {
  return {
    type: 'note',
    text: `Tento e-mail vám posíláme, protože jste se registrovali na akci „${event.title}“, kterou pořádá ${organiserOffice}.`,
  };
}

export function checkinQr(cid: string | undefined): Block[] {
  if (!cid) return [];
  return [
    {
      type: 'qr',
      intro:
        'Při příchodu ukažte u prezence tento QR kód. Po jeho načtení vám zaznamenáme přítomnost.',
      cid,
      alt: 'QR kód pro zápis do prezence na akci',
    },
  ];
}

export function cancelAction(input: RegistrationEmailInput, intro: string): Block {
  return { type: 'action', intro, label: 'Zrušit registraci', href: input.links.cancel };
}

export function eventPageAction(input: RegistrationEmailInput): Block {
  return { type: 'action', label: 'Stránka akce', href: input.links.event };
}

const calendarHint: Block = {
  type: 'paragraph',
  text: 'Akci si můžete přidat do kalendáře z přiloženého souboru (.ics).',
};

export function registrationConfirmedEmail(input: RegistrationEmailInput): RenderedEmail {
  const { event } = input;
  return renderEmail({
    contact: input.contact,
    subject: `Registrace potvrzena: ${event.title}`,
    heading: 'Vaše místo je potvrzené',
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `děkujeme za registraci. Na akci „${event.title}“ pro vás máme místo. Těšíme se na vás!`,
      },
      eventDetails(event),
      calendarHint,
      ...checkinQr(input.qrCid),
      cancelAction(
        input,
        'Pokud nakonec nemůžete přijít, zrušte prosím registraci, aby místo mohl dostat někdo jiný.',
      ),
      eventPageAction(input),
      whyYouGetThis(event),
    ],
  });
}

export function registrationWaitlistedEmail(input: RegistrationEmailInput): RenderedEmail {
  const { event } = input;
  return renderEmail({
    contact: input.contact,
    subject: `Jste na čekací listině: ${event.title}`,
    heading: 'Jste na čekací listině',
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `děkujeme za zájem o akci „${event.title}“. Všechna místa jsou teď obsazená, proto jsme vás zapsali na čekací listinu.`,
      },
      {
        type: 'paragraph',
        text: `Místo vám zatím zaručit nemůžeme. ${waitingListPromise}`,
      },
      eventDetails(event),
      cancelAction(input, 'Zrušením registrace vás vyřadíme z čekací listiny:'),
      eventPageAction(input),
      whyYouGetThis(event),
    ],
  });
}

export function duplicateRegistrationEmail(input: RegistrationEmailInput): RenderedEmail {
  const { event, registration } = input;
  const statusSentence =
    registration.status === 'confirmed'
      ? 'Místo na akci máte potvrzené.'
      : registration.status === 'waitlisted'
        ? `Jste na čekací listině. ${waitingListPromise}`
        : 'Registrace je zrušená.';
  return renderEmail({
    contact: input.contact,
    subject: `Na akci ${event.title} už registraci máte`,
    heading: 'Registraci už máte',
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `s touto e-mailovou adresou přišla další registrace na akci „${event.title}“. Registraci na tuto adresu už evidujeme, proto jsme druhou nevytvořili.`,
      },
      {
        type: 'paragraph',
        text: `Stav vaší registrace: ${registrationStatusLabels[registration.status]}. ${statusSentence}`,
      },
      eventDetails(event),
      {
        type: 'paragraph',
        text: 'Pokud jste se znovu registrovat nezkoušeli, nemusíte nic dělat.',
      },
      cancelAction(input, 'Pokud se akce nemůžete zúčastnit, registraci zrušíte tady:'),
      whyYouGetThis(event),
    ],
  });
}

export function promotedEmail(input: RegistrationEmailInput): RenderedEmail {
  const { event } = input;
  return renderEmail({
    contact: input.contact,
    subject: `Uvolnilo se místo, máte potvrzenou účast: ${event.title}`,
    heading: 'Uvolnilo se místo – teď je vaše',
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `máme dobrou zprávu: na akci „${event.title}“ se uvolnilo místo a přešli jste z čekací listiny mezi potvrzené účastníky. Místo je teď vaše, nemusíte nic potvrzovat. Těšíme se na vás!`,
      },
      eventDetails(event),
      calendarHint,
      ...checkinQr(input.qrCid),
      cancelAction(
        input,
        'Pokud už nemůžete přijít, zrušte prosím registraci, aby místo mohl dostat někdo další.',
      ),
      eventPageAction(input),
      whyYouGetThis(event),
    ],
  });
}

export function waitlistClosedEmail(input: RegistrationEmailInput): RenderedEmail {
  const { event } = input;
  return renderEmail({
    contact: input.contact,
    subject: `Na akci se už místo neuvolnilo: ${event.title}`,
    heading: 'Akce je plně obsazená',
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `je nám líto, ale na akci „${event.title}“ (${formatPragueShortDateTime(event.startsAt)}) se pro vás místo neuvolnilo. Registrace je uzavřená a akce je plně obsazená, čekací listina tím končí.`,
      },
      {
        type: 'paragraph',
        text: 'Nemusíte nic dělat. Děkujeme za zájem a budeme rádi, když se přihlásíte na některý z dalších termínů.',
      },
      eventPageAction(input),
      whyYouGetThis(event),
    ],
  });
}

export function registrationCancelledEmail(input: RegistrationEmailInput): RenderedEmail {
  const { event } = input;
  return renderEmail({
    contact: input.contact,
    subject: `Registrace zrušena: ${event.title}`,
    heading: 'Registrace je zrušená',
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `potvrzujeme, že vaše registrace na akci „${event.title}“ (${formatPragueShortDateTime(event.startsAt)}) je zrušená. Děkujeme, že jste dali vědět.`,
      },
      {
        type: 'paragraph',
        text: 'Pokud jste registraci zrušili omylem, můžete se znovu registrovat na stránce akce, dokud je registrace otevřená.',
      },
      eventPageAction(input),
      whyYouGetThis(event),
    ],
  });
}
