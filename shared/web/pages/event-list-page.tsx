import { countCs, EVENTS } from '../../domain/czech-plural';
import {
  type TargetGroup,
  type TrainingEvent,
  targetGroupLabels,
  targetGroups,
} from '../../domain/event';
import { actionPlanGenitive, audiencesAccusative } from '../../domain/vocabulary';
import { paths } from '../paths';
import { EventFacts, EventTags, formatLabel, whenText } from './event-view';
import { Layout } from './layout';
import { nbsp } from './typography';

/** The home page's filter (`?pro=…&tema=…`), the same parameters the calendar feed takes. */
export interface EventListFilter {
  pro: string;
  tema: string;
  /** Slug of each target group, as the select offers it. */
  groupSlugs: Record<TargetGroup, string>;
  /** Topics of the listed events: slug and label. */
  topics: { slug: string; label: string }[];
  /** Something was asked for that nothing matches, or a value nobody offered. */
  active: boolean;
}

function FilterForm(props: { filter: EventListFilter }) {
  const { filter } = props;
  return (
    <form method="get" action="/" class="columns" aria-label="Výběr akcí">
      <div class="field">
        <label for="pro">Pro koho</label>
        <select id="pro" name="pro">
          <option value="" selected={filter.pro === ''}>
            pro všechny
          </option>
          {targetGroups.map((group) => (
            <option
              value={filter.groupSlugs[group]}
              selected={filter.pro === filter.groupSlugs[group]}
            >
              {nbsp(targetGroupLabels[group])}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="tema">Téma</label>
        <select id="tema" name="tema">
          <option value="" selected={filter.tema === ''}>
            všechna témata
          </option>
          {filter.topics.map((topic) => (
            <option value={topic.slug} selected={filter.tema === topic.slug}>
              {topic.label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <button type="submit">Vybrat akce</button>
      </div>
    </form>
  );
}

function feedQuery(filter: EventListFilter | undefined): string {
  const params = new URLSearchParams();
  if (filter?.pro) params.set('pro', filter.pro);
  if (filter?.tema) params.set('tema', filter.tema);
  const query = params.toString();
  return query ? `?${query}` : '';
}

function CalendarLinks(props: { filter: EventListFilter | undefined; host: string }) {
  const path = `/kalendar.ics${feedQuery(props.filter)}`;
  return (
    <section aria-labelledby="kalendar">
      <h2 id="kalendar">Akce ve vašem kalendáři</h2>
      <p>
        Přihlaste si odběr kalendáře a&nbsp;nové akce se vám v&nbsp;něm objeví samy
        {props.filter?.active ? ' (jen ty, které odpovídají výběru výše)' : ''}:{' '}
        <a href={`webcal://${props.host}${path}`}>odebírat kalendář akcí</a>, nebo{' '}
        <a href={path}>stáhnout kalendář (soubor .ics)</a> a&nbsp;adresu vložit do Google Kalendáře
        či Outlooku ručně.
      </p>
    </section>
  );
}

function PastEvents(props: { events: readonly TrainingEvent[] }) {
  if (props.events.length === 0) return null;
  return (
    <section aria-labelledby="probehle">
      <h2 id="probehle">Proběhlé akce</h2>
      <ul class="past-events">
        {props.events.map((event) => (
          <li>
            <a href={paths.event.fill({ id: event.id })}>{event.title}</a>
            <span class="muted">
              {' '}
              – {formatLabel(event)}, {whenText(event)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * `GET /`: the published events that have not started yet, soonest first, filterable by target
 * group and topic without script; then the calendar subscription and the events already held.
 */
export function EventListPage(props: {
  events: readonly TrainingEvent[];
  past?: readonly TrainingEvent[];
  filter?: EventListFilter;
  /** Host (and port) of the site, for the webcal:// link. */
  host?: string;
}) {
  return (
    <Layout
      title="Nabídka akcí"
      description="Školení, kurzy a semináře Libereckého kraje o moderních technologiích pro úřednice a úředníky, starostky a starosty, zaměstnankyně a zaměstnance organizací kraje i občany. Registrace online, zdarma."
    >
      <h1>Vzdělávací akce pro veřejnou správu</h1>
      <p class="lead">
        {nbsp(
          `Vzdělávací akce Libereckého kraje v rámci ${actionPlanGenitive} – pro ${audiencesAccusative.clerks}, ${audiencesAccusative.mayors}, ${audiencesAccusative['regional-staff']} i ${audiencesAccusative.citizens}.`,
        )}
      </p>
      {props.filter ? <FilterForm filter={props.filter} /> : null}
      {props.events.length === 0 && props.filter?.active ? (
        <div class="notice">
          <h2>Výběru neodpovídá žádná akce</h2>
          <p>
            <a href="/">Zobrazit všechny vypsané akce</a>
          </p>
        </div>
      ) : props.events.length === 0 ? (
        <div class="notice">
          <h2>Momentálně nejsou vypsané žádné akce</h2>
          <p>Nové termíny zveřejňujeme průběžně. Podívejte se sem prosím znovu za několik dní.</p>
        </div>
      ) : (
        <>
          <p class="muted">Vypsáno: {countCs(props.events.length, EVENTS)}</p>
          <ul class="event-list">
            {props.events.map((event) => (
              <li class="event-card">
                <article aria-labelledby={`akce-${event.id}`}>
                  <h2 id={`akce-${event.id}`}>
                    <a href={paths.event.fill({ id: event.id })}>{event.title}</a>
                  </h2>
                  <EventTags event={event} showSeats={true} />
                  <EventFacts event={event} />
                  <p>
                    <a href={paths.event.fill({ id: event.id })}>
                      Podrobnosti a&nbsp;registrace
                      <span class="visually-hidden">: {event.title}</span>
                    </a>
                  </p>
                </article>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.host ? <CalendarLinks filter={props.filter} host={props.host} /> : null}
      <PastEvents events={props.past ?? []} />
    </Layout>
  );
}
