import { countCs, FREE_SEATS, PEOPLE, pluralCs, WAIT_VERB } from '../../domain/czech-plural';
import {
  type EventPhase,
  eventFormatLabels,
  seatsLeft,
  type TrainingEvent,
  targetGroupLabels,
} from '../../domain/event';
import { formatPragueRange } from '../../domain/prague-time';
import { nbsp } from './typography';

/** Pieces of an event shown on the public pages and the organiser's pages alike. */

export const phaseLabels: Record<EventPhase, string> = {
  draft: 'koncept (nezveřejněno)',
  cancelled: 'zrušeno',
  upcoming: 'připravuje se',
  running: 'právě probíhá',
  held: 'proběhlo',
};

export const fullEventText = 'obsazeno – můžete se zapsat na čekací listinu';

/** "3 volná místa", or the waiting-list sentence when no seat is left. */
export function seatsText(event: TrainingEvent): string {
  const left = seatsLeft(event);
  return nbsp(left > 0 ? countCs(left, FREE_SEATS) : fullEventText);
}

/** "teď na ní čekají 3 lidé": how long the waiting list is, a number and no names. */
export function waitingText(event: TrainingEvent): string {
  const n = event.waitlistedCount;
  return n === 0
    ? 'zatím na ní nikdo nečeká'
    : nbsp(`teď na ní ${pluralCs(n, WAIT_VERB)} ${countCs(n, PEOPLE)}`);
}

export function whenText(event: TrainingEvent): string {
  return nbsp(formatPragueRange(event.startsAt, event.endsAt));
}

/** Format label with a capital letter, as it starts a line on the cards. */
export function formatLabel(event: TrainingEvent): string {
  const label = eventFormatLabels[event.format];
  return label.charAt(0).toUpperCase() + label.slice(1);
}

export function targetGroupsText(event: TrainingEvent): string {
  return nbsp(event.targetGroups.map((g) => targetGroupLabels[g]).join(', '));
}

export function EventTags(props: { event: TrainingEvent; showSeats: boolean }) {
  const { event } = props;
  const full = seatsLeft(event) === 0;
  return (
    <ul class="tags">
      <li class="tag">{formatLabel(event)}</li>
      {event.modernTechFocus ? <li class="tag tag-tech">Moderní technologie</li> : null}
      {props.showSeats ? (
        <li class={full ? 'tag tag-full' : 'tag tag-ok'}>{seatsText(event)}</li>
      ) : null}
    </ul>
  );
}

/** Date, place, audience and topics as a definition list. */
export function EventFacts(props: { event: TrainingEvent; showOnlineUrl?: boolean }) {
  const { event } = props;
  return (
    <dl class="event-facts">
      <dt>Termín</dt>
      <dd>{whenText(event)}</dd>
      <dt>Místo</dt>
      <dd>{event.venue}</dd>
      {props.showOnlineUrl && event.onlineUrl ? (
        <>
          <dt>Připojení online</dt>
          <dd>
            <a href={event.onlineUrl}>{event.onlineUrl}</a>
          </dd>
        </>
      ) : null}
      {event.targetGroups.length > 0 ? (
        <>
          <dt>Pro koho</dt>
          <dd>{targetGroupsText(event)}</dd>
        </>
      ) : null}
      {event.topics.length > 0 ? (
        <>
          <dt>Témata</dt>
          <dd>{event.topics.join(', ')}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** The organiser's plain-text description: blank lines separate paragraphs, line breaks stay. */
export function Description(props: { text: string }) {
  const paragraphs = props.text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (paragraphs.length === 0) return null;
  return (
    <div class="description">
      {paragraphs.map((paragraph) => (
        <p>
          {paragraph.split(/\r?\n/).map((line, index) => (
            <>
              {index > 0 ? <br /> : null}
              {line}
            </>
          ))}
        </p>
      ))}
    </div>
  );
}
