import type { SentEmail, TestEnvironment } from '../../support/test-stack';

/**
 * Emails the SES emulator accepted from `sinceMs` on (it keeps whole seconds), for the given
 * recipients. The store holds every email of the run, so the filter keeps the payload small.
 */
export async function emailsTo(
  env: TestEnvironment,
  recipients: ReadonlySet<string>,
  sinceMs: number,
): Promise<SentEmail[]> {
  const since = Math.floor(sinceMs / 1000) - 1;
  const response = await fetch(`${env.mailViewerUrl}store?since=${since}`);
  if (!response.ok) throw new Error(`The mail store answered ${response.status}`);
  const store = (await response.json()) as { emails: SentEmail[] };
  return store.emails.filter((email) =>
    email.destination.to.some((to) => recipients.has(addressOf(to))),
  );
}

/** The bare address of a To entry, which the emulator keeps as `"Name" <address>`. */
export function addressOf(to: string): string {
  return (/<([^>]+)>/.exec(to)?.[1] ?? to).trim().toLowerCase();
}

/** Emails per recipient address. */
export function byRecipient(emails: SentEmail[]): Map<string, SentEmail[]> {
  const grouped = new Map<string, SentEmail[]>();
  for (const email of emails) {
    for (const to of email.destination.to.map(addressOf)) {
      const list = grouped.get(to) ?? [];
      list.push(email);
      grouped.set(to, list);
    }
  }
  return grouped;
}

/**
 * Which email this is, read from its subject as the templates write it (title of the event).
 * Undefined for a subject about another event or of no known kind.
 */
export function kindOfSubject(subject: string, title: string): string | undefined {
  const exact: Record<string, string> = {
    [`Registrace potvrzena: ${title}`]: 'registration-confirmed',
    [`Jste na čekací listině: ${title}`]: 'registration-waitlisted',
    [`Na akci ${title} už registraci máte`]: 'duplicate-registration',
    [`Uvolnilo se místo, máte potvrzenou účast: ${title}`]: 'promoted',
    [`Registrace zrušena: ${title}`]: 'registration-cancelled',
    [`Jak se vám akce líbila? Krátký dotazník: ${title}`]: 'survey-invitation',
    [`Připomínka: dotazník k akci ${title}`]: 'survey-reminder',
    [`Akce zrušena: ${title}`]: 'event-cancelled',
  };
  if (exact[subject]) return exact[subject];
  // "Připomínka: <title> za týden", "… už zítra": the tail names the time left.
  if (subject.startsWith(`Připomínka: ${title} `)) return 'reminder';
  return undefined;
}
