import { Layout } from './layout';

export function notFoundPage() {
  return (
    <Layout title="Stránka nenalezena">
      <h1>Stránka nenalezena</h1>
      <p>Tuto stránku jsme nenašli. Možná byla akce zrušena nebo je odkaz neúplný.</p>
      <p>
        <a href="/">Zpět na přehled akcí</a>
      </p>
    </Layout>
  );
}

export function serverErrorPage() {
  return (
    <Layout title="Něco se pokazilo">
      <h1>Něco se pokazilo</h1>
      <p>Omlouváme se, požadavek se nepodařilo zpracovat. Zkuste to prosím za chvíli znovu.</p>
      <p>
        <a href="/">Zpět na přehled akcí</a>
      </p>
    </Layout>
  );
}
