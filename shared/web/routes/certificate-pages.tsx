import { type Context, Hono } from 'hono';
import type { CertificateQueue } from '../../adapters/certificate-queue';
import type { CertificateRepository } from '../../adapters/certificate-repository';
import {
  eventPrintKey,
  parseCertificateNumber,
  verifyCertificateSignature,
} from '../../domain/certificate';
import { idPattern } from '../../domain/ids';
import { pragueParts } from '../../domain/prague-time';
import { compareCzech } from '../../domain/vocabulary';
import { organiserCsrfToken, requireOrganiserPage } from '../auth';
import type { AppDeps, PublicationsDeps } from '../deps';
import {
  EventRegisterPage,
  isFlash,
  ReissuePage,
  YearRegisterPage,
} from '../pages/admin/certificate-register-pages';
import { VerificationPage } from '../pages/certificate-verification-page';
import { MessagePage, notFoundPage } from '../pages/error-pages';
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

/** GET /osvedceni/<number>/<signature>: the certificate's QR link. No listing, no search. */
export function publicCertificateRoutes(deps: PublicationsDeps): Hono {
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
        certificates={list.sort((a, b) => compareCzech(a.name, b.name))}
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
