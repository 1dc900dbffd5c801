import type { TrainingEvent } from '../../domain/event';
import type { RenderedEmail } from '../../domain/mail-content';
import { formatPragueLongDate } from '../../domain/prague-time';
import { renderEmail } from './layout';
import { greeting, whyYouGetThis } from './registration-emails';

export interface SurveyEmailInput {
  event: TrainingEvent;
  links: { survey: string };
  now: Date;
}

export function surveyInvitationEmail(input: SurveyEmailInput): RenderedEmail {
  const { event } = input;
  return renderEmail({
    subject: `Jak se vám akce líbila? Krátký dotazník: ${event.title}`,
    heading: 'Jak se vám akce líbila?',
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `děkujeme za vaši účast na akci „${event.title}“ (${formatPragueLongDate(event.startsAt)}).`,
      },
      {
        type: 'paragraph',
        text: 'Budeme moc rádi, když nám věnujete pár minut a vyplníte krátký anonymní dotazník. Vaše odpovědi nám pomohou připravit další akce ještě lépe.',
      },
      { type: 'action', label: 'Vyplnit dotazník', href: input.links.survey },
      whyYouGetThis(event),
    ],
  });
}

export function surveyReminderEmail(input: SurveyEmailInput): RenderedEmail {
  const { event } = input;
  return renderEmail({
    subject: `Připomínka: dotazník k akci ${event.title}`,
    heading: 'Najdete chvilku na dotazník?',
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `před pár dny jsme vám poslali krátký anonymní dotazník k akci „${event.title}“ (${formatPragueLongDate(event.startsAt)}). Pokud jste ho ještě nevyplnili, budeme za pár minut vašeho času moc vděční.`,
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
