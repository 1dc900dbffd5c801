import { raw } from 'hono/html';
import type { TrainingEvent } from '../../../domain/event';
import { formatPragueRange } from '../../../domain/prague-time';
import type { Registration } from '../../../domain/registration';
import { signInSheetAsset } from '../../assets/static-assets';
import { siteCssPath, siteCssVersion } from '../site-css';
import { attendancePath, byName, displayName } from './attendance-people';

/** Rows left empty on the sheet for people who come without registering. */
const blankRows = 8;

export function SignInSheet(props: { event: TrainingEvent; registrations: Registration[] }) {
  const { event } = props;
  const people = props.registrations.filter((r) => r.status === 'confirmed').sort(byName);
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="cs">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex, nofollow" />
          <title>{`Prezenční listina – ${event.title}`}</title>
          <link rel="stylesheet" href={`${siteCssPath}?v=${siteCssVersion}`} />
          <link rel="stylesheet" href={signInSheetAsset.path} />
        </head>
        <body>
          <main class="sheet">
            <p class="no-print">
              <a href={attendancePath(event.id)}>Zpět na prezenci</a> · Listinu vytisknete příkazem
              prohlížeče Tisk (Ctrl+P), formát A4.
            </p>
            <h1>Prezenční listina</h1>
            <p class="event-title">{event.title}</p>
            <dl>
              <dt>Termín</dt>
              <dd>{formatPragueRange(event.startsAt, event.endsAt)}</dd>
              <dt>Místo</dt>
              <dd>{event.venue}</dd>
            </dl>
            <table>
              <thead>
                <tr>
                  <th scope="col" class="order">
                    Pořadí
                  </th>
                  <th scope="col">Jméno a&nbsp;příjmení</th>
                  <th scope="col">Organizace</th>
                  <th scope="col" class="signature">
                    Podpis
                  </th>
                </tr>
              </thead>
              <tbody>
                {people.map((r, index) => (
                  <tr>
                    <td class="order">{index + 1}.</td>
                    <td>{displayName(r)}</td>
                    <td>{r.organisationName ?? ''}</td>
                    <td />
                  </tr>
                ))}
                {Array.from({ length: blankRows }, (_, index) => (
                  <tr>
                    <td class="order">{people.length + index + 1}.</td>
                    <td />
                    <td />
                    <td />
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="statement">Svým podpisem potvrzuji účast na akci.</p>
          </main>
          <footer class="site-footer no-print">
            <a href="/prohlaseni-o-pristupnosti">Prohlášení o&nbsp;přístupnosti</a>
          </footer>
        </body>
      </html>
    </>
  );
}
