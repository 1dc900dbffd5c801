import { countCs, EVENTS } from '../../../domain/czech-plural';
import { eventFormatLabels, eventPhase, type TrainingEvent } from '../../../domain/event';
import { formatPragueDate, formatPragueTime } from '../../../domain/prague-time';
import { phaseLabels } from '../event-view';
import { Layout } from '../layout';
import { nbsp } from '../typography';

function EventTable(props: { caption: string; events: readonly TrainingEvent[]; nowMs: number }) {
  return (
    <div class="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Akce</th>
            <th scope="col">Termín</th>
            <th scope="col">Stav</th>
            <th scope="col" class="num">
              Obsazeno
            </th>
            <th scope="col" class="num">
              Čekají
            </th>
            <th scope="col">Odkazy</th>
          </tr>
        </thead>
        <tbody>
          {props.events.map((event) => (
            <tr>
              <th scope="row">
                <a href={`/admin/akce/${event.id}`}>{event.title}</a>
                <br />
                <span class="muted">{eventFormatLabels[event.format]}</span>
              </th>
              <td>
                {nbsp(formatPragueDate(event.startsAt))}
                <br />
                {formatPragueTime(event.startsAt)}–{formatPragueTime(event.endsAt)}
              </td>
              <td>{phaseLabels[eventPhase(event, props.nowMs)]}</td>
              <td class="num">
                {event.confirmedCount}&nbsp;/&nbsp;{event.capacity}
              </td>
              <td class="num">{event.waitlistedCount}</td>
              <td>
                <a href={`/admin/akce/${event.id}/upravit`}>
                  Upravit<span class="visually-hidden"> akci {event.title}</span>
                </a>
                <br />
                <a href={`/admin/akce/${event.id}/prezence`}>
                  Prezence<span class="visually-hidden"> akce {event.title}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `GET /admin`: every event in every status; upcoming ones first, then the past, newest first. */
export function AdminEventListPage(props: {
  events: readonly TrainingEvent[];
  nowMs: number;
  csrfToken: string;
}) {
  const current = props.events.filter((e) => Date.parse(e.endsAt) > props.nowMs);
  const past = props.events.filter((e) => Date.parse(e.endsAt) <= props.nowMs).reverse();
  return (
    <Layout title="Akce" organiser={true} csrfToken={props.csrfToken}>
      <h1>Akce</h1>
      <div class="actions">
        <a class="button" href="/admin/akce/nova">
          Nová akce
        </a>
        <a href="/admin/prehled">Přehled ukazatelů akčního plánu</a>
      </div>
      {props.events.length === 0 ? (
        <p class="notice">Zatím tu není žádná akce. Založte první tlačítkem „Nová akce“.</p>
      ) : null}
      {current.length > 0 ? (
        <EventTable
          caption={nbsp(`Připravované a probíhající (${countCs(current.length, EVENTS)})`)}
          events={current}
          nowMs={props.nowMs}
        />
      ) : null}
      {past.length > 0 ? (
        <EventTable
          caption={`Proběhlé (${countCs(past.length, EVENTS)})`}
          events={past}
          nowMs={props.nowMs}
        />
      ) : null}
    </Layout>
  );
}
