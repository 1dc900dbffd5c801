import * as z from 'zod/mini';
import { isValidIco, normaliseIco } from './ico';
import { lazySchema } from './lazy-schema';
import { personRoles } from './vocabulary';

export const roles = ['clerk', 'mayor', 'regional-staff', 'citizen', 'other'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = personRoles;

/** Roles that act for an organisation; citizens register as persons. */
const rolesWithOrganisation: ReadonlySet<Role> = new Set(['clerk', 'mayor', 'regional-staff']);

export const registrationStatuses = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

export const registrationStatusLabels: Record<RegistrationStatus, string> = {
  confirmed: 'potvrzeno',
  waitlisted: 'na čekací listině',
  cancelled: 'zrušeno',
};

/**
 * One normal form per address: trimmed and lower-cased. Dots and plus-tags are kept, because
 * for most providers they name different mailboxes.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const name = lazySchema(() => z.string().check(z.trim(), z.minLength(1), z.maxLength(200)));

/** An organisation as people enter it: a name, and an IČO where it has one. */
export const organisationInputSchema = lazySchema(() =>
  z.object({
    name: z.string().check(z.trim(), z.maxLength(200)),
    ico: z.optional(
      z
        .pipe(
          z.string(),
          z.transform((value) => normaliseIco(value)),
        )
        .check(
          z.refine((value) => value === '' || /^\d{8}$/.test(value), {
            params: { code: 'invalid_ico_format' },
          }),
          z.refine((value) => !/^\d{8}$/.test(value) || isValidIco(value), {
            params: { code: 'invalid_ico_checksum' },
          }),
        ),
    ),
  }),
);

export const registrationInputSchema = lazySchema(() =>
  z
    .object({
      name,
      email: z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254), z.email()),
      role: z.enum(roles),
      organisation: z.optional(organisationInputSchema),
      /**
       * The acknowledgement of the privacy notice ("Beru na vědomí…"), not consent: registration
       * rests on the public task. The name stays: it is the API contract.
       */
      consent: z.literal(true),
      /** Honeypot: hidden from people, filled in by bots. */
      website: z.optional(z.string().check(z.maxLength(0))),
    })
    .check(
      z.refine(
        (input) => !rolesWithOrganisation.has(input.role) || Boolean(input.organisation?.name),
        { path: ['organisation', 'name'], params: { code: 'required' } },
      ),
    ),
);
export type RegistrationInput = z.infer<typeof registrationInputSchema>;

export const registrationFieldMessages = {
  name: {
    required: 'Vyplňte jméno a příjmení.',
    too_long: 'Jméno může mít nejvýše 200 znaků.',
  },
  email: {
    required: 'Vyplňte e-mail, pošleme na něj potvrzení.',
    invalid_email: 'Zadejte platnou e-mailovou adresu, například jana.novakova@example.cz.',
    too_long: 'E-mailová adresa je příliš dlouhá.',
  },
  role: {
    required: 'Vyberte, v jaké roli se registrujete.',
    invalid_option: 'Vyberte roli ze seznamu.',
  },
  'organisation.name': {
    required: 'Vyplňte název úřadu nebo organizace, za kterou se registrujete.',
    too_long: 'Název organizace může mít nejvýše 200 znaků.',
  },
  'organisation.ico': {
    invalid_ico_format:
      'IČO má 8 číslic, například 70891508. Pokud organizace IČO nemá, pole nechte prázdné.',
    invalid_ico_checksum: 'Toto IČO neexistuje (nesedí kontrolní číslice). Zkontrolujte ho prosím.',
  },
  consent: {
    required:
      'Pro registraci je potřeba potvrdit, že berete na vědomí informace o zpracování osobních údajů.',
    invalid_option:
      'Pro registraci je potřeba potvrdit, že berete na vědomí informace o zpracování osobních údajů.',
  },
  website: {
    too_long: 'Pole „Nevyplňujte“ musí zůstat prázdné.',
  },
};

export const attendanceSources = ['registration', 'walk-in'] as const;

/** The stored registration, validated whenever it is read back from the table. */
export const registrationSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    eventId: z.string(),
    /** Contact data; removed by the retention purge, so optional when read back. */
    name: z.optional(z.string()),
    email: z.optional(z.string()),
    role: z.enum(roles),
    organisationName: z.optional(z.string()),
    ico: z.optional(z.string()),
    status: z.enum(registrationStatuses),
    source: z.enum(attendanceSources),
    createdAt: z.string(),
    /** When the seat became theirs; decides which reminders are still meaningful. */
    confirmedAt: z.optional(z.string()),
    cancelledAt: z.optional(z.string()),
    attendedAt: z.optional(z.string()),
    /** SES reported the address as bouncing or complaining. */
    undeliverable: z.optional(z.boolean()),
    purgedAt: z.optional(z.string()),
    /**
     * Keyed hash of the client address the registration came from (never the address): groups a
     * wave of registrations from one client for the organiser. Purged with the contact data.
     */
    clientHash: z.optional(z.string()),
  }),
);
export type Registration = z.infer<typeof registrationSchema>;
