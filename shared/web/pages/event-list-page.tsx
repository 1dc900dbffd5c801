import { countCs, EVENTS } from '../../domain/czech-plural';
import type { TrainingEvent } from '../../domain/event';
import { actionPlanGenitive, audiencesAccusative } from '../../domain/vocabulary';
import { EventFacts, EventTags } from './event-view';
import { Layout } from './layout';
import { nbsp } from './typography';

/** `GET /`: the published events that have not started yet, soonest first. */
export function EventListPage(props: { events: readonly TrainingEvent[] }) {
  return (
    <Layout title="Nabídka akcí">
      <h1>Vzdělávací akce pro veřejnou správu</h1>
      <p class="lead">
        {nbsp(
          `Vzdělávací akce Libereckého kraje v rámci ${actionPlanGenitive} – pro ${audiencesAccusative.clerks}, ${audiencesAccusative.mayors}, ${audiencesAccusative['regional-staff']} i ${audiencesAccusative.citizens}.`,
        )}
      </p>
      {props.events.length === 0 ? (
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
                    <a href={`/akce/${event.id}`}>{event.title}</a>
                  </h2>
                  <EventTags event={event} showSeats={true} />
                  <EventFacts event={event} />
                  <p>
                    <a href={`/akce/${event.id}`}>
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
    </Layout>
  );
}
