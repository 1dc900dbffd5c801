import * as z from 'zod/mini';
import { ValidationError } from '../domain/errors';
import { lazySchema } from '../domain/lazy-schema';
import { table } from '../resources';
import type { DataSubjectAudit, PersonEntry } from './ports';
import { type PurgePersonalDataDeps, purgeRegistration } from './purge-personal-data';

/*
 * Data-subject rights (GDPR Art. 15 and 17) for one email address: everything held about it
 * across all events, found through the per-person index, exported or erased. Erasing leaves
 * the anonymous record the retention purge leaves, so the indicators do not move. Each request
 * is written to the audit log: who, when, which address (by its keyed hash), what.
 */

export interface DataSubjectDeps extends Pick<PurgePersonalDataDeps, 'purge' | 'personKey'> {
  addressHash: PurgePersonalDataDeps['addressHash'];
  people: {
    entries(addressHash: string): Promise<PersonEntry[]>;
    registrationItems(entries: PersonEntry[]): Promise<Record<string, unknown>[]>;
    invitations(entries: PersonEntry[]): Promise<Record<string, unknown>[]>;
    claim(eventId: string, addressHash: string): Promise<Record<string, unknown> | undefined>;
    mailRecords(entries: PersonEntry[]): Promise<Record<string, unknown>[]>;
    deleteHeld(addressHash: string, entries: PersonEntry[]): Promise<void>;
    deleteEntries(addressHash: string, entries: PersonEntry[]): Promise<void>;
    writeAudit(audit: DataSubjectAudit): Promise<void>;
  };
  now: () => Date;
}

const requestSchema = lazySchema(() =>
  z.object({
    email: z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254), z.email()),
  }),
);

/** The address of a request, normalised as registrations store it; 400 with a Czech message. */
export function parseDataSubjectRequest(raw: unknown): string {
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError([
      {
        field: 'email',
        code: 'invalid_email',
        message: 'Zadejte platnou e-mailovou adresu, například jana.novakova@example.cz.',
      },
    ]);
  }
  return parsed.data.email;
}

/** The table's key and index attributes (shared/resources.ts) say nothing to the person. */
const keyAttributes = new Set([
  'pk',
  'sk',
  ...Object.values(table.indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
]);

/** What is held: the item without its key attributes. */
function held(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !keyAttributes.has(name)));
}

export interface PersonExport {
  email: string;
  asOf: string;
  registrations: Record<string, unknown>[];
  emailClaims: Record<string, unknown>[];
  surveyInvitations: Record<string, unknown>[];
  mailRecords: Record<string, unknown>[];
}

export async function exportPersonData(
  deps: DataSubjectDeps,
  email: string,
  actor: string,
): Promise<PersonExport> {
  const at = deps.now().toISOString();
  const addressHash = deps.addressHash(email);
  const entries = await deps.people.entries(addressHash);
  const registrations = (await deps.people.registrationItems(entries)).map(held);
  const claims: Record<string, unknown>[] = [];
  for (const eventId of new Set(entries.map((e) => e.eventId))) {
    const claim = await deps.people.claim(eventId, addressHash);
    if (claim) claims.push({ eventId, registrationId: claim.registrationId });
  }
  const invitations = (await deps.people.invitations(entries)).map(held);
  const mail = (await deps.people.mailRecords(entries)).map(({ message, notice, ...rest }) =>
    held(message ? { ...rest, message } : rest),
  );
  await deps.people.writeAudit({
    at,
    actor,
    addressHash,
    action: 'export',
    registrations: registrations.length,
  });
  return {
    email,
    asOf: at,
    registrations,
    emailClaims: claims,
    surveyInvitations: invitations,
    mailRecords: mail,
  };
}

export interface EraseSummary {
  asOf: string;
  registrationsAnonymised: number;
}

/**
 * Erases everything held about the address. The audit item is written first, so an erase that
 * fails half-way is on record; running it again finishes it (the index entries go last).
 */
export async function erasePersonData(
  deps: DataSubjectDeps,
  email: string,
  actor: string,
): Promise<EraseSummary> {
  const at = deps.now().toISOString();
  const addressHash = deps.addressHash(email);
  const entries = await deps.people.entries(addressHash);
  await deps.people.writeAudit({
    at,
    actor,
    addressHash,
    action: 'erase',
    registrations: entries.length,
  });
  let anonymised = 0;
  for (const item of await deps.people.registrationItems(entries)) {
    if (await purgeRegistration(deps, item, at)) anonymised++;
  }
  await deps.people.deleteHeld(addressHash, entries);
  await deps.people.deleteEntries(addressHash, entries);
  return { asOf: at, registrationsAnonymised: anonymised };
}
