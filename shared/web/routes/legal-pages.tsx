import { Hono } from 'hono';
import type { PublicationsDeps } from '../deps';
import { AccessibilityStatementPage, PrivacyNoticePage } from '../pages/legal-pages';

const defaultRetentionDays = 180;

/** The privacy notice and the accessibility statement: what the law asks a public site to say. */
export function legalPageRoutes(deps: PublicationsDeps): Hono {
  const routes = new Hono();

  routes.get('/ochrana-osobnich-udaju', (c) =>
    c.html(
      <PrivacyNoticePage
        retentionDays={deps.retentionDays ?? defaultRetentionDays}
        controller={{
          name: deps.organiser.name,
          ico: deps.organiser.ico,
          ...(deps.contact ? { address: deps.contact.address } : {}),
        }}
        {...(deps.dpoContact ? { dpoContact: deps.dpoContact } : {})}
        {...(deps.contact ? { contactEmail: deps.contact.email } : {})}
        region={deps.region ?? 'eu-central-1'}
        {...(deps.certificates
          ? { certificateRetentionYears: deps.certificates.retentionYears }
          : {})}
      />,
    ),
  );

  routes.get('/prohlaseni-o-pristupnosti', (c) =>
    c.html(<AccessibilityStatementPage siteUrl={deps.publicBaseUrl} contact={deps.contact} />),
  );

  return routes;
}
