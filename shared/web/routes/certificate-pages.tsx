import { type Context, Hono } from 'hono';
import type { CertificateQueue } from '../../adapters/certificate-queue';
import type { CertificateRepository } from '../../adapters/certificate-repository';
import {
  type Certificate,
  certificateStatusLabels,
  certificatesEnabled,
  eventPrintKey,
  formatCertificateDates,
  formatHoursCs,
  formatIssueDate,
  parseCertificateNumber,
  verifyCertificateSignature,
} from '../../domain/certificate';
import { countCs, type PluralForms } from '../../domain/czech-plural';
import type { TrainingEvent } from '../../domain/event';
import { idPattern } from '../../domain/ids';
import { pragueParts } from '../../domain/prague-time';
import { organiserCsrfToken, requireOrganiserPage } from '../auth';
import type { AppDeps, SiteDeps } from '../deps';
import { MessagePage, notFoundPage } from '../pages/error-pages';
import { ErrorSummary, TextField } from '../pages/form-components';
import { csrfFieldName, Layout } from '../pages/layout';
import { readAdminForm } from './admin-form';

/** What the certificate pages need besides the common dependencies. */
/** What the public verification page reads. */
export interface CertificateVerificationDeps {
  register: Pick<CertificateRepository, 'get'>;
  /** The key of verification links (the link keys' oldest, kept across rotations). */
  secret: string;
  /** Years the register keeps an entry (CERTIFICATE_RETENTION_YEARS), on the privacy notice. */
  retentionYears: number;
}

export interface CertificatePageDeps extends CertificateVerificationDeps {
  register: Pick<
    CertificateRepository,
    'get' | 'getInEvent' | 'listForEvent' | 'listForYear' | 'reissue' | 'revoke'
  >;
  queue: CertificateQueue;
  /** Reads the print file the renderer stored. */
  files: { find(key: string): Promise<Uint8Array | undefined> };
  /** Years the register keeps an entry (CERTIFICATE_RETENTION_YEARS). */
  retentionYears: number;
}

const CERTIFICATES: PluralForms = {
  one: 'osvědčení',
  few: 'osvědčení',
  many: 'osvědčení',
};

const collator = new Intl.Collator('cs');

/** The public answer to a link that is not a certificate's: it says nothing more. */
function certificateNotFound(c: Context) {
  return c.html(
    <MessagePage
      title="Osvědčení nenalezeno"
      message="Osvědčení s tímto odkazem jsme nenašli. Zkontrolujte prosím, že je odkaz úplný."
    />,
    404,
  );
}

function VerificationPage(props: { certificate: Certificate }) {
  const c = props.certificate;
  const verdict =
    c.status === 'valid'
      ? 'Osvědčení je platné.'
      : c.status === 'replaced'
        ? 'Toto osvědčení bylo nahrazeno novým osvědčením (například po opravě jména). Platí nové osvědčení.'
        : 'Toto osvědčení bylo zrušeno a už neplatí.';
  return (
    <Layout title={`Ověření osvědčení ${c.number}`} narrow={true}>
      <h1>Ověření osvědčení</h1>
      <p
        class={c.status === 'valid' ? 'notice notice-success' : 'notice notice-warning'}
        role="status"
      >
        <strong>{verdict}</strong>
      </p>
      <dl class="event-facts">
        <dt>Číslo osvědčení</dt>
        <dd>{c.number}</dd>
        <dt>Stav</dt>
        <dd>{certificateStatusLabels[c.status]}</dd>
        {c.status === 'replaced' && c.replacedBy ? (
          <>
            <dt>Nahrazeno osvědčením</dt>
            <dd>{c.replacedBy}</dd>
          </>
        ) : null}
        <dt>Jméno</dt>
        <dd>{c.name}</dd>
        <dt>Vzdělávací akce</dt>
        <dd>{c.eventTitle}</dd>
        <dt>Termín</dt>
        <dd>{formatCertificateDates(c.startsAt, c.endsAt)}</dd>
        <dt>Rozsah</dt>
        <dd>{formatHoursCs(c.hours)}</dd>
        <dt>Pořadatel</dt>
        <dd>
          {c.organiser.body}, IČO {c.organiser.ico}
        </dd>
        <dt>Datum vydání</dt>
        <dd>{formatIssueDate(c.issuedAt)}</dd>
      </dl>
    </Layout>
  );
}

/** GET /osvedceni/<number>/<signature>: the certificate's QR link. No listing, no search. */
export function publicCertificateRoutes(deps: SiteDeps): Hono {
  const pages = new Hono();
  pages.get('/osvedceni/:number/:signature', async (c) => {
    const certificates = deps.certificates;
    const number = c.req.param('number');
    if (
      !certificates ||
      !verifyCertificateSignature(certificates.secret, number, c.req.param('signature'))
    ) {
      return certificateNotFound(c);
    }
    const certificate = await certificates.register.get(number);
    if (!certificate) return certificateNotFound(c);
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    return c.html(<VerificationPage certificate={certificate} />);
  });
  return pages;
}

type Flash = 'revoked' | 'reissued' | 'print-requested' | 'not-valid';
const flashTexts: Record<Flash, string> = {
  revoked: 'Osvědčení bylo zrušeno.',
  reissued:
    'Opravené osvědčení dostalo nové číslo a odešleme ho účastníkovi e-mailem; původní je vedené jako nahrazené.',
  'print-requested':
    'Připravujeme soubor všech osvědčení k tisku. Za chvíli tuto stránku obnovte a stáhněte ho.',
  'not-valid': 'Toto osvědčení už není platné, změnu nelze provést.',
};
const isFlash = (value: string | undefined): value is Flash =>
  value !== undefined && value in flashTexts;

function RegisterTable(props: {
  certificates: Certificate[];
  caption: string;
  showEvent: boolean;
  actions?: { eventId: string; csrfToken: string };
}) {
  return (
    <div class="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Číslo</th>
            <th scope="col">Jméno</th>
            {props.showEvent ? <th scope="col">Akce</th> : null}
            <th scope="col">Termín</th>
            <th scope="col" class="num">
              Rozsah
            </th>
            <th scope="col">Vydáno</th>
            <th scope="col">Stav</th>
            {props.actions ? <th scope="col">Úpravy</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.certificates.map((c) => (
            <tr>
              <th scope="row">{c.number}</th>
              <td>{c.name}</td>
              {props.showEvent ? (
                <td>
                  <a href={`/admin/akce/${c.eventId}/osvedceni`}>{c.eventTitle}</a>
                </td>
              ) : null}
              <td>{formatCertificateDates(c.startsAt, c.endsAt)}</td>
              <td class="num">{formatHoursCs(c.hours)}</td>
              <td>{formatIssueDate(c.issuedAt)}</td>
              <td>
                {certificateStatusLabels[c.status]}
                {c.replacedBy ? ` (nové: ${c.replacedBy})` : ''}
                {c.replaces ? ` (náhrada za ${c.replaces})` : ''}
              </td>
              {props.actions ? (
                <td>
                  {c.status === 'valid' ? (
                    <div class="actions">
                      <a href={`/admin/akce/${c.eventId}/osvedceni/${c.number}/oprava`}>
                        Opravit jméno<span class="visually-hidden"> na osvědčení {c.number}</span>
                      </a>
                      <form
                        method="post"
                        action={`/admin/akce/${c.eventId}/osvedceni/${c.number}/zrusit`}
                      >
                        <input type="hidden" name={csrfFieldName} value={props.actions.csrfToken} />
                        <button type="submit" class="link-button">
                          Zrušit<span class="visually-hidden"> osvědčení {c.number}</span>
                        </button>
                      </form>
                    </div>
                  ) : (
                    '–'
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EventRegisterPage(props: {
  event: TrainingEvent;
  certificates: Certificate[];
  printReady: boolean;
  flash?: Flash;
  csrfToken: string;
}) {
  const { event, certificates } = props;
  const valid = certificates.filter((c) => c.status === 'valid').length;
  return (
    <Layout title={`Osvědčení: ${event.title}`} organiser={true} csrfToken={props.csrfToken}>
      <p>
        <a href={`/admin/akce/${event.id}`}>Zpět na akci</a>
      </p>
      <h1>Osvědčení: {event.title}</h1>
      {props.flash ? (
        <p class="notice" role="status">
          {flashTexts[props.flash]}
        </p>
      ) : null}
      {certificatesEnabled(event) ? (
        <p>
          Osvědčení dostane každý, kdo byl na akci přítomen, ráno po jejím skončení e-mailem. Kdo
          bude označen jako přítomný později, dostane své osvědčení při dalším ranním běhu.
        </p>
      ) : (
        <p>U této akce se osvědčení nevydávají.</p>
      )}
      <p>
        Platná: {countCs(valid, CERTIFICATES)}, celkem v evidenci: {certificates.length}.
      </p>
      {valid > 0 ? (
        <div class="actions">
          <form method="post" action={`/admin/akce/${event.id}/osvedceni/tisk`}>
            <input type="hidden" name={csrfFieldName} value={props.csrfToken} />
            <button type="submit" class="button button-secondary">
              Připravit všechna platná osvědčení k tisku
            </button>
          </form>
          {props.printReady ? (
            <a class="button" href={`/admin/akce/${event.id}/osvedceni/tisk.pdf`} download>
              Stáhnout osvědčení k tisku (PDF)
            </a>
          ) : null}
        </div>
      ) : null}
      {certificates.length > 0 ? (
        <RegisterTable
          certificates={certificates}
          caption="Evidence vydaných osvědčení této akce"
          showEvent={false}
          actions={{ eventId: event.id, csrfToken: props.csrfToken }}
        />
      ) : (
        <p>Zatím nebylo vydáno žádné osvědčení.</p>
      )}
    </Layout>
  );
}

function YearRegisterPage(props: {
  year: number;
  years: number[];
  certificates: Certificate[];
  csrfToken: string;
}) {
  return (
    <Layout title={`Evidence osvědčení ${props.year}`} organiser={true} csrfToken={props.csrfToken}>
      <h1>Evidence osvědčení za rok {props.year}</h1>
      <nav aria-label="Roky evidence">
        <ul class="inline-list">
          {props.years.map((year) => (
            <li>
              {year === props.year ? (
                <span aria-current="page">{year}</span>
              ) : (
                <a href={`/admin/osvedceni?rok=${year}`}>{year}</a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <p>Vydáno celkem: {countCs(props.certificates.length, CERTIFICATES)}.</p>
      {props.certificates.length > 0 ? (
        <RegisterTable
          certificates={props.certificates}
          caption={`Osvědčení vydaná v roce ${props.year}, podle čísla`}
          showEvent={true}
        />
      ) : (
        <p>V tomto roce nebylo vydáno žádné osvědčení.</p>
      )}
    </Layout>
  );
}

function ReissuePage(props: {
  certificate: Certificate;
  value: string;
  error?: string;
  csrfToken: string;
}) {
  const c = props.certificate;
  const errors = props.error ? [{ id: 'name', message: props.error }] : [];
  return (
    <Layout
      title={`Oprava osvědčení ${c.number}`}
      organiser={true}
      csrfToken={props.csrfToken}
      narrow={true}
      hasErrors={errors.length > 0}
    >
      <h1>Oprava jména na osvědčení {c.number}</h1>
      <ErrorSummary errors={errors} />
      <p>
        Opravené osvědčení dostane nové číslo a pošleme ho účastníkovi e-mailem. Osvědčení{' '}
        {c.number} zůstane v evidenci jako nahrazené.
      </p>
      <form
        method="post"
        action={`/admin/akce/${c.eventId}/osvedceni/${c.number}/oprava`}
        novalidate
      >
        <input type="hidden" name={csrfFieldName} value={props.csrfToken} />
        <TextField
          id="name"
          name="name"
          label="Jméno a příjmení, jak má být na osvědčení"
          value={props.value}
          error={props.error}
          autocomplete="off"
        />
        <button type="submit" class="button">
          Vydat opravené osvědčení
        </button>
      </form>
      <p>
        <a href={`/admin/akce/${c.eventId}/osvedceni`}>Zpět na osvědčení akce</a>
      </p>
    </Layout>
  );
}

/** Organiser pages of the certificate register, mounted under /admin. */
export function adminCertificateRoutes(deps: AppDeps): Hono {
  const pages = new Hono();
  const csrf = (c: Context) => organiserCsrfToken(c, deps.auth, deps.linkSecret);
  pages.use('/osvedceni', requireOrganiserPage(deps.auth));
  pages.use('/akce/:id/osvedceni', requireOrganiserPage(deps.auth));
  pages.use('/akce/:id/osvedceni/*', requireOrganiserPage(deps.auth));

  const notFound = (c: Context) =>
    c.html(
      <MessagePage
        title="Nenalezeno"
        message="Tuto akci nebo osvědčení jsme nenašli."
        organiser={true}
        csrfToken={csrf(c)}
      />,
      404,
    );

  const loadEvent = async (id: string) =>
    idPattern.test(id) ? deps.events.getEvent(id) : undefined;

  const checkedForm = (c: Context) => readAdminForm(c, deps);

  pages.get('/osvedceni', async (c) => {
    const certificates = deps.certificates;
    if (!certificates) return c.html(notFoundPage(), 404);
    const thisYear = pragueParts(deps.now().toISOString()).year;
    const requested = Number(c.req.query('rok') ?? thisYear);
    const year =
      Number.isInteger(requested) && requested >= 2000 && requested <= thisYear + 1
        ? requested
        : thisYear;
    const years = Array.from({ length: 5 }, (_, i) => thisYear - 4 + i);
    return c.html(
      <YearRegisterPage
        year={year}
        years={years}
        certificates={await certificates.register.listForYear(year)}
        csrfToken={csrf(c)}
      />,
    );
  });

  pages.get('/akce/:id/osvedceni', async (c) => {
    const certificates = deps.certificates;
    const event = await loadEvent(c.req.param('id'));
    if (!certificates || !event) return notFound(c);
    const list = await certificates.register.listForEvent(event.id);
    const printReady = list.some((x) => x.status === 'valid')
      ? Boolean(await certificates.files.find(eventPrintKey(event.id)))
      : false;
    const stav = c.req.query('stav');
    return c.html(
      <EventRegisterPage
        event={event}
        certificates={list.sort((a, b) => collator.compare(a.name, b.name))}
        printReady={printReady}
        flash={isFlash(stav) ? stav : undefined}
        csrfToken={csrf(c)}
      />,
    );
  });

  pages.post('/akce/:id/osvedceni/tisk', async (c) => {
    const body = await checkedForm(c);
    if (!body.ok) return body.response;
    const event = await loadEvent(c.req.param('id'));
    if (!deps.certificates || !event) return notFound(c);
    await deps.certificates.queue.enqueue([
      { kind: 'print', eventId: event.id, requestedAt: deps.now().toISOString() },
    ]);
    return c.redirect(`/admin/akce/${event.id}/osvedceni?stav=print-requested`, 303);
  });

  pages.get('/akce/:id/osvedceni/tisk.pdf', async (c) => {
    const event = await loadEvent(c.req.param('id'));
    if (!deps.certificates || !event) return notFound(c);
    const pdf = await deps.certificates.files.find(eventPrintKey(event.id));
    if (!pdf) return notFound(c);
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="osvedceni-${event.id}.pdf"`,
    });
  });

  const loadCertificate = async (c: Context) => {
    const number = c.req.param('number') ?? '';
    const eventId = c.req.param('id') ?? '';
    if (!deps.certificates || !idPattern.test(eventId) || !parseCertificateNumber(number)) {
      return undefined;
    }
    return deps.certificates.register.getInEvent(eventId, number);
  };

  pages.post('/akce/:id/osvedceni/:number/zrusit', async (c) => {
    const body = await checkedForm(c);
    if (!body.ok) return body.response;
    const certificate = await loadCertificate(c);
    if (!deps.certificates || !certificate) return notFound(c);
    const revoked = await deps.certificates.register.revoke(
      certificate.eventId,
      certificate.number,
      deps.now().toISOString(),
    );
    const stav = revoked ? 'revoked' : 'not-valid';
    return c.redirect(`/admin/akce/${certificate.eventId}/osvedceni?stav=${stav}`, 303);
  });

  pages.get('/akce/:id/osvedceni/:number/oprava', async (c) => {
    const certificate = await loadCertificate(c);
    if (!certificate) return notFound(c);
    return c.html(
      <ReissuePage certificate={certificate} value={certificate.name} csrfToken={csrf(c)} />,
    );
  });

  pages.post('/akce/:id/osvedceni/:number/oprava', async (c) => {
    const body = await checkedForm(c);
    if (!body.ok) return body.response;
    const certificate = await loadCertificate(c);
    if (!deps.certificates || !certificate) return notFound(c);
    const name = (body.form.name ?? '').trim();
    const error =
      name.length === 0
        ? 'Vyplňte jméno a příjmení.'
        : name.length > 200
          ? 'Jméno může mít nejvýše 200 znaků.'
          : name === certificate.name
            ? 'Jméno je stejné jako na současném osvědčení. Opravte ho, nebo se vraťte zpět.'
            : undefined;
    if (error) {
      return c.html(
        <ReissuePage certificate={certificate} value={name} error={error} csrfToken={csrf(c)} />,
        400,
      );
    }
    const result = await deps.certificates.register.reissue(
      certificate,
      { name },
      deps.now().toISOString(),
    );
    if (result.outcome !== 'reissued') {
      return c.redirect(`/admin/akce/${certificate.eventId}/osvedceni?stav=not-valid`, 303);
    }
    await deps.certificates.queue.enqueue([
      { kind: 'send', eventId: certificate.eventId, number: result.certificate.number },
    ]);
    return c.redirect(`/admin/akce/${certificate.eventId}/osvedceni?stav=reissued`, 303);
  });

  return pages;
}
