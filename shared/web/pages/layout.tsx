import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { organiserOffice } from '../../domain/vocabulary';
import { currentSiteContact } from './site-contact';
import { siteCssPath, siteCssVersion } from './site-css';
import { nbsp } from './typography';

export const siteName = 'Chytrá školení';

/** The hidden form field that carries the organiser's CSRF token. */
export const csrfFieldName = '_csrf';

export interface LayoutProps {
  title: string;
  children: Child;
  /** Organiser pages: the brand links to the organiser's overview and the admin menu is shown. */
  organiser?: boolean;
  /** With `organiser`: the token for the sign-out form; without it the menu has no sign-out. */
  csrfToken?: string;
  /** The page shows form errors: the title starts with "Chyba:" so screen readers hear it first. */
  hasErrors?: boolean;
  /** Narrow text column for reading pages and forms. */
  narrow?: boolean;
  /** The page's summary for search results (`<meta name="description">`), in Czech. */
  description?: string;
  /** Extra elements of `<head>`, e.g. the event page's schema.org JSON-LD. */
  head?: Child;
}

/** What search results show for a page that does not describe itself. */
export const defaultDescription =
  'Vzdělávací akce Libereckého kraje o moderních technologiích pro úřednice a úředníky, starostky a starosty, zaměstnankyně a zaměstnance organizací kraje i občany: školení, kurzy, semináře a registrace na ně.';
/** Who organises the events and how to reach them, on every page. */
function SiteContactFooter() {
  const contact = currentSiteContact();
  if (!contact) return null;
  return (
    <address class="site-contact">
      <strong>Pořadatel: {organiserOffice}</strong>
      <br />
      {nbsp(contact.address)}
      <br />
      Telefon: <a href={`tel:${contact.phone.replace(/\s+/g, '')}`}>{nbsp(contact.phone)}</a>
      {' · '}E-mail: <a href={`mailto:${contact.email}`}>{contact.email}</a>
    </address>
  );
}

function AdminNav(props: { csrfToken?: string }) {
  return (
    <nav class="admin-nav" aria-label="Menu organizátora">
      <ul>
        <li>
          <a href="/admin">Akce</a>
        </li>
        <li>
          <a href="/admin/akce/nova">Nová akce</a>
        </li>
        <li>
          <a href="/admin/prehled">Přehled ukazatelů</a>
        </li>
        <li>
          <a href="/admin/osvedceni">Osvědčení</a>
        </li>
        <li>
          <a href="/admin/osobni-udaje">Osobní údaje</a>
        </li>
      </ul>
      {props.csrfToken ? (
        <form method="post" action="/admin/odhlaseni">
          <input type="hidden" name={csrfFieldName} value={props.csrfToken} />
          <button type="submit" class="link-button">
            Odhlásit se
          </button>
        </form>
      ) : null}
    </nav>
  );
}

/** Page frame shared by every public and organiser page: Czech, landmarks, skip link. */
export function Layout(props: LayoutProps) {
  const title = `${props.hasErrors ? 'Chyba: ' : ''}${props.title} – ${siteName}`;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="cs">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title}</title>
          <meta name="description" content={props.description ?? defaultDescription} />
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          {props.organiser ? <meta name="robots" content="noindex, nofollow" /> : null}
          <link rel="stylesheet" href={`${siteCssPath}?v=${siteCssVersion}`} />
          {props.head ?? null}
        </head>
        <body>
          <a class="skip-link" href="#obsah">
            Přeskočit na obsah
          </a>
          <header class="site-header">
            <a class="brand" href={props.organiser ? '/admin' : '/'}>
              {siteName}
            </a>
            {props.organiser ? (
              <AdminNav csrfToken={props.csrfToken} />
            ) : (
              <span class="tagline">
                Vzdělávání v&nbsp;moderních technologiích · Liberecký kraj
              </span>
            )}
          </header>
          <main id="obsah" tabindex={-1} class={props.narrow ? 'narrow' : undefined}>
            {props.children}
          </main>
          <footer class="site-footer">
            <SiteContactFooter />
            <ul>
              <li>
                <a href="/">Nabídka akcí</a>
              </li>
              <li>
                <a href="/ochrana-osobnich-udaju">Ochrana osobních údajů</a>
              </li>
              <li>
                <a href="/prohlaseni-o-pristupnosti">Prohlášení o&nbsp;přístupnosti</a>
              </li>
              <li>
                <a href="/admin">Pro organizátory</a>
              </li>
            </ul>
          </footer>
        </body>
      </html>
    </>
  );
}
