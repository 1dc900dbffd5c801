import type { TrainingEvent } from '../../domain/event';
import type { RenderedEmail } from '../../domain/mail-content';
import { formatPragueDateAfter, formatPragueShortDateTime } from '../../domain/prague-time';
import { surveyLastDayIso, surveySchedule } from '../../domain/survey';
import type { OrganiserContact } from '../../domain/vocabulary';
import { renderEmail } from './layout';
import { greeting, whyYouGetThis } from './registration-emails';

export interface SurveyEmailInput {
  event: TrainingEvent;
  links: { survey: string };
  now: Date;
  contact: OrganiserContact;
}

/** „Dotazník můžete vyplnit do středy 5. listopadu 2025.“ */
function deadlineSentence(event: TrainingEvent): string {
  const lastDay = surveyLastDayIso(surveySchedule(event).closesAt);
  return `Dotazník můžete vyplnit ${formatPragueDateAfter('do', lastDay)}.`;
}

export function surveyInvitationEmail(input: SurveyEmailInput): RenderedEmail {
  const { event } = input;
  return renderEmail({
    contact: input.contact,
    subject: `Jak se vám akce líbila? Krátký dotazník: ${event.title}`,
    heading: 'Jak se vám akce líbila?',
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `děkujeme za vaši účast na akci „${event.title}“ (${formatPragueShortDateTime(event.startsAt)}).`,
      },
      {
        type: 'paragraph',
        text: `Budeme rádi, když nám věnujete pár minut a vyplníte krátký anonymní dotazník. Vaše odpovědi nám pomohou připravit další akce ještě lépe. ${deadlineSentence(event)}`,
      },
      { type: 'action', label: 'Vyplnit dotazník', href: input.links.survey },
      whyYouGetThis(event),
    ],
  });
}

export function surveyReminderEmail(input: SurveyEmailInput): RenderedEmail {
  const { event } = input;
  return renderEmail({
    contact: input.contact,
    subject: `Připomínka: dotazník k akci ${event.title}`,
    heading: 'Najdete chvilku na dotazník?',
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `před několika dny jsme vám poslali krátký anonymní dotazník k akci „${event.title}“ (${formatPragueShortDateTime(event.startsAt)}). Pokud jste ho ještě nevyplnili, budeme za pár minut vašeho času vděční. ${deadlineSentence(event)}`,
      },
      { type: 'action', label: 'Vyplnit dotazník', href: input.links.survey },
      {
        type: 'paragraph',
        text: 'Pokud už máte dotazník vyplněný, děkujeme a tento e-mail prosím přehlédněte. Další připomínku už neposíláme.',
      },
      whyYouGetThis(event),
    ],
  });
}
