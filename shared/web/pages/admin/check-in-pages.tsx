import type { TrainingEvent } from '../../../domain/event';
import { formatPragueAtTime, formatPragueRange } from '../../../domain/prague-time';
import type { Registration } from '../../../domain/registration';
import type { CheckInResult } from '../../../use-cases/attendance';
import { csrfFieldName, Layout } from '../layout';
import { nbsp } from '../typography';
import { attendancePath, displayName } from './attendance-people';

export function CheckInResultPage(props: {
  result: Exclude<CheckInResult, { outcome: 'not-found' }>;
  csrfToken: string;
}) {
  const { event, registration, outcome } = props.result;
  const name = displayName(registration);
  const back = (
    <p>
      <a href={attendancePath(event.id)}>Zpět na prezenci akce</a>
    </p>
  );
  const eventLine = (
    <p>
      {event.title}
      <br />
      {formatPragueRange(event.startsAt, event.endsAt)}
    </p>
  );
  if (outcome === 'cancelled') {
    return (
      <Layout
        title="Registrace je zrušená"
        organiser={true}
        csrfToken={props.csrfToken}
        narrow={true}
      >
        <div class="notice notice-warning">
          <h1>Registrace je zrušená</h1>
          <p>
            Registrace osoby <strong>{name}</strong> je zrušená, přítomnost proto nelze zaznamenat.
            Pokud tuto osobu na akci pouštíte, přidejte ji na stránce prezence jako účastníka na
            místě.
          </p>
        </div>
        {eventLine}
        {back}
      </Layout>
    );
  }
  const heading =
    outcome === 'already-present' ? 'Přítomnost už byla zaznamenána' : 'Přítomnost zaznamenána';
  return (
    <Layout title={heading} organiser={true} csrfToken={props.csrfToken} narrow={true}>
      <div class="notice notice-success">
        <h1>✓ {heading}</h1>
        <p class="lead">
          <strong>{name}</strong>
        </p>
        {registration.organisationName ? <p>{registration.organisationName}</p> : null}
        {outcome === 'already-present' && registration.attendedAt ? (
          <p>Přítomnost zaznamenána {nbsp(formatPragueAtTime(registration.attendedAt))}.</p>
        ) : null}
        {outcome === 'admitted' ? (
          <p>
            {nbsp(
              'Registrace byla na čekací listině; zaznamenáním přítomnosti získala místo na akci.',
            )}
          </p>
        ) : null}
      </div>
      {eventLine}
      {back}
    </Layout>
  );
}

export const overCapacityField = 'nadKapacitu';

/** The page a check-in QR code opens: who it is, and the button that records the presence. */
export function CheckInConfirmPage(props: {
  event: TrainingEvent;
  registration: Registration;
  overCapacity: boolean;
  action: string;
  csrfToken: string;
}) {
  const { event, registration } = props;
  const title = 'Zaznamenat přítomnost?';
  return (
    <Layout title={title} organiser={true} csrfToken={props.csrfToken} narrow={true}>
      <h1>{title}</h1>
      <p class="lead">
        <strong>{displayName(registration)}</strong>
      </p>
      {registration.organisationName ? <p>{registration.organisationName}</p> : null}
      <p>
        {event.title}
        <br />
        {formatPragueRange(event.startsAt, event.endsAt)}
      </p>
      {registration.status === 'waitlisted' ? (
        <div class={props.overCapacity ? 'notice notice-warning' : 'notice'}>
          <p>
            {props.overCapacity
              ? nbsp(
                  `Tato osoba je na čekací listině a akce je plná (obsazeno ${event.confirmedCount} z ${event.capacity}). Zaznamenáním přítomnosti ji pustíte nad kapacitu.`,
                )
              : nbsp(
                  'Tato osoba je na čekací listině; zaznamenáním přítomnosti získá volné místo.',
                )}
          </p>
        </div>
      ) : null}
      <form method="post" action={props.action}>
        <input type="hidden" name={csrfFieldName} value={props.csrfToken} />
        {props.overCapacity ? (
          <>
            <input type="hidden" name={overCapacityField} value="ano" />
            <button type="submit">Přesto pustit nad kapacitu</button>
          </>
        ) : (
          <button type="submit">Zaznamenat přítomnost</button>
        )}
      </form>
      <p>
        <a href={attendancePath(event.id)}>Zpět na prezenci akce</a>
      </p>
    </Layout>
  );
}
