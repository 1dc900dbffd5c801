/**
 * The words people read, one for each thing, shared by pages, emails, CSV files and API
 * messages. A text that names one of these things takes it from here, so a page and the email
 * about the same event never call it differently.
 *
 * Decisions:
 * - „akce“ is any event we run; „školení“ is only one of its formats (eventFormatLabels) and the
 *   name of the system. A sentence about an event says „akce“ whatever its format.
 * - „ukazatele“, never „indikátory“: the action plan's own word.
 * - „čekací listina“ for the queue of people without a seat; moving up from it is automatic.
 * - „prezence“ is the check-in at the door; „přítomnost“ what it records about a person.
 * - People are named feminine form first, then masculine: „úřednice a úředníci“.
 * - The region's organisations are „organizace kraje“ (never „krajské organizace“).
 */

/** The action plan the trainings belong to, and its area. */
export const actionPlan = {
  name: 'Chytřejší Liberecký kraj',
  area: 'Posilování úrovně služeb v digitálním věku',
} as const;

/** „akčního plánu Chytřejší Liberecký kraj (oblast Posilování úrovně služeb v digitálním věku)“ */
export const actionPlanGenitive = `akčního plánu „${actionPlan.name}“ (oblast „${actionPlan.area}“)`;

/** Who organises the events and signs the emails. */
export const organiserOffice = 'Krajský úřad Libereckého kraje';

export const terms = {
  /** Any event: a training, course, seminar, round table… */
  event: 'akce',
  indicators: 'ukazatele',
  waitingList: 'čekací listina',
  attendanceCheck: 'prezence',
  presence: 'přítomnost',
  regionOrganisations: 'organizace kraje',
} as const;

/** The audiences, nominative plural: „Pro koho: úřednice a úředníci, …“. */
export const audiencesNominative = {
  clerks: 'úřednice a úředníci',
  mayors: 'starostky a starostové',
  'regional-staff': 'zaměstnankyně a zaměstnanci organizací kraje',
  citizens: 'občanky a občané',
  other: 'ostatní',
} as const;

/** The same audiences after „pro“ (accusative plural): „pro úřednice a úředníky“. */
export const audiencesAccusative = {
  clerks: 'úřednice a úředníky',
  mayors: 'starostky a starosty',
  'regional-staff': 'zaměstnankyně a zaměstnance organizací kraje',
  citizens: 'občanky a občany',
} as const;

/** One person registering: „Registruji se jako úřednice nebo úředník“. */
export const personRoles = {
  clerk: 'úřednice nebo úředník',
  mayor: 'starostka nebo starosta',
  'regional-staff': 'zaměstnankyně nebo zaměstnanec organizace kraje',
  citizen: 'občanka nebo občan',
  other: 'jiná role',
} as const;

/** Who must name their office or organisation on the form. */
export const organisationRequiredFor = `${audiencesAccusative.clerks}, ${audiencesAccusative.mayors} a ${audiencesAccusative['regional-staff']}`;

/** What the waiting list means, said the same way on the page and in the emails. */
export const waitingListPromise =
  'Jakmile se uvolní místo a přijde řada na vás, automaticky vás přesuneme mezi účastníky a pošleme vám potvrzení, bez dalšího dotazu. Pokud už o účast nestojíte, registraci prosím zrušte.';

/** How people reach the organisers (CONTACT_* settings). */
export interface OrganiserContact {
  email: string;
  phone: string;
  /** The office's postal address on one line. */
  address: string;
}

/** The contact block of every email's signature and of the site's footer, line by line. */
export function organiserContactLines(contact: OrganiserContact): string[] {
  return [organiserOffice, contact.address, `tel. ${contact.phone}, e-mail ${contact.email}`];
}

let czechCollator: Intl.Collator | undefined;

/**
 * Czech alphabetical order (ch after h, č after c). The collator is made on first use: loading
 * its tables at import would cost every cold start of a function that never sorts names.
 */
export function compareCzech(a: string, b: string): number {
  czechCollator ??= new Intl.Collator('cs');
  return czechCollator.compare(a, b);
}
