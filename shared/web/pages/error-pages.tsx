import type { Child } from 'hono/jsx';
import { Layout } from './layout';
import { nbsp } from './typography';

/** A page that only says something: errors, refusals, confirmations without a form. */
export function MessagePage(props: {
  title: string;
  message?: string;
  children?: Child;
  organiser?: boolean;
  csrfToken?: string;
  backHref?: string;
  backText?: string;
}) {
  return (
    <Layout
      title={props.title}
      narrow={true}
      organiser={props.organiser}
      csrfToken={props.csrfToken}
    >
      <h1>{nbsp(props.title)}</h1>
      {props.message ? <p>{nbsp(props.message)}</p> : null}
      {props.children}
      <p>
        <a href={props.backHref ?? (props.organiser ? '/admin' : '/')}>
          {props.backText ?? (props.organiser ? 'Zpět na seznam akcí' : 'Zpět na přehled akcí')}
        </a>
      </p>
    </Layout>
  );
}

export function notFoundPage() {
  return (
    <MessagePage
      title="Stránka nenalezena"
      message="Omlouváme se, tuto stránku jsme nenašli. Možná byla akce zrušena nebo je odkaz neúplný."
    />
  );
}

export function serverErrorPage() {
  return (
    <MessagePage
      title="Omlouváme se, došlo k chybě"
      message="Váš požadavek se nám nepodařilo zpracovat. Zkuste to prosím za chvíli znovu. Pokud potíže trvají, kontakt na nás najdete v patičce stránky."
    />
  );
}

export function eventNotFoundPage() {
  return (
    <MessagePage
      title="Akce nenalezena"
      message="Omlouváme se, tuto akci jsme nenašli. Možná ještě nebyla zveřejněna nebo je odkaz neúplný."
    />
  );
}

/** A body this page does not understand (a form that is not a form, or too large). */
export function badRequestPage() {
  return (
    <MessagePage
      title="Formulář se nepodařilo přečíst"
      message="Omlouváme se, odeslaná data nemají očekávaný tvar. Vraťte se prosím na předchozí stránku a odešlete formulář znovu."
    />
  );
}

export function payloadTooLargePage() {
  return (
    <MessagePage
      title="Formulář je příliš velký"
      message="Omlouváme se, odeslaný formulář má víc než 64 kB a ten neumíme zpracovat. Zkraťte prosím delší texty a odešlete ho znovu."
    />
  );
}

const domainErrorTitles: Record<number, string> = {
  400: 'Údaje nejsou v pořádku',
  404: 'Stránka nenalezena',
  409: 'Požadavek nelze provést',
  429: 'Příliš mnoho pokusů',
};

/** The page of a refused request (shared/web/http-errors.ts): the title by status, then why. */
export function domainErrorPage(status: number, errors: readonly { message: string }[]) {
  if (status === 404) return notFoundPage();
  return (
    <MessagePage
      title={domainErrorTitles[status] ?? 'Požadavek nelze provést'}
      message={errors.map((e) => e.message).join(' ')}
    />
  );
}
