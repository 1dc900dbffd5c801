import { parseFunctionConfig } from '../../shared/config';
import { liberecRegionMunicipalities } from '../../shared/domain/coverage';
import type { EventInput, TrainingEvent } from '../../shared/domain/event';
import { newEvent } from '../../shared/domain/event';
import { newId } from '../../shared/domain/ids';
import { atPragueTime, pragueLocalToUtcIso } from '../../shared/domain/prague-time';
import type { Registration, Role } from '../../shared/domain/registration';
import { createEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
import { organiserDeps } from '../../shared/wiring';

/**
 * Demo data for a first `npm start`: the region's October 2025 trainings as they happened
 * (report "Na konci října 2025 proběhla série odborných školení…": 50 clerks and 23 mayors on
 * 22 Oct, 46 and 40 participants on 29 and 31 Oct) and a few upcoming events to register for.
 */

const firstNames = [
  'Jana',
  'Petr',
  'Lucie',
  'Martin',
  'Eva',
  'Tomáš',
  'Kateřina',
  'Jiří',
  'Hana',
  'Pavel',
  'Lenka',
  'Josef',
  'Veronika',
  'Michal',
  'Alena',
  'David',
  'Markéta',
  'Jan',
  'Zuzana',
  'Ondřej',
];
const lastNames = [
  ['Nováková', 'Novák'],
  ['Svobodová', 'Svoboda'],
  ['Dvořáková', 'Dvořák'],
  ['Černá', 'Černý'],
  ['Procházková', 'Procházka'],
  ['Kučerová', 'Kučera'],
  ['Veselá', 'Veselý'],
  ['Horáková', 'Horák'],
  ['Němcová', 'Němec'],
  ['Marková', 'Marek'],
  ['Pokorná', 'Pokorný'],
  ['Hájková', 'Hájek'],
] as const;
const feminine = new Set([
  'Jana',
  'Lucie',
  'Eva',
  'Kateřina',
  'Hana',
  'Lenka',
  'Veronika',
  'Alena',
  'Markéta',
  'Zuzana',
]);

function person(index: number): { name: string; email: string } {
  const first = firstNames[index % firstNames.length] as string;
  const pair = lastNames[Math.floor(index / firstNames.length) % lastNames.length] ?? lastNames[0];
  const last = feminine.has(first) ? pair[0] : pair[1];
  const ascii = `${first}.${last}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return { name: `${first} ${last}`, email: `${ascii}.${index}@example.cz` };
}

/** Organisations with their real IČO; smaller municipalities are entered by name only. */
const clerkOrganisations = [
  { name: 'Statutární město Jablonec nad Nisou', ico: '00262340' },
  { name: 'Krajský úřad Libereckého kraje', ico: '70891508' },
  { name: 'Město Česká Lípa', ico: '00260428' },
  { name: 'Statutární město Liberec', ico: '00262978' },
  { name: 'Město Tanvald' },
  { name: 'Město Železný Brod' },
];
/** Organisations of the region (its own schools, homes and services), for „organizace kraje“. */
const regionOrganisations = [
  'Domov pro seniory Liberec, příspěvková organizace',
  'Centrum sociálních služeb Jablonec nad Nisou, příspěvková organizace',
  'Gymnázium Česká Lípa, příspěvková organizace',
  'Krajská vědecká knihovna v Liberci, příspěvková organizace',
  'Zdravotnická záchranná služba Libereckého kraje, příspěvková organizace',
];
const municipalities = [
  'Obec Rádlo',
  'Obec Pěnčín',
  'Obec Jenišovice',
  'Obec Koberovy',
  'Obec Malá Skála',
  'Obec Frýdštejn',
  'Obec Držkov',
  'Obec Zásada',
  'Obec Bratříkov',
  'Obec Janov nad Nisou',
  'Obec Nová Ves nad Nisou',
  'Obec Pulečný',
  'Město Smržovka',
  'Město Desná',
  'Obec Josefův Důl',
  'Obec Albrechtice v Jizerských horách',
  'Obec Kořenov',
  'Obec Lučany nad Nisou',
  'Město Rychnov u Jablonce nad Nisou',
  'Obec Dalešice',
  'Obec Líšný',
  'Obec Skuhrov',
  'Obec Plavy',
];

/**
 * A mayor's municipality with its IČO from the region's list, so the dashboard's coverage has
 * something to show; the demo's municipalities lie around Jablonec, which settles the two
 * Pěnčíns. Names not on the list (Bratříkov is a part of Pěnčín) stay without an IČO.
 */
function municipalityOrganisation(name: string): { name: string; ico?: string } {
  const bare = name.replace(/^(Obec|Město|Statutární město)\s+/, '');
  const matches = liberecRegionMunicipalities().filter((m) => m.name === bare);
  const match = matches.find((m) => m.district === 'Jablonec nad Nisou') ?? matches[0];
  return match ? { name, ico: match.ico } : { name };
}

interface PastEvent {
  input: EventInput;
  attendees: { role: Role; organisation: { name: string; ico?: string } }[];
}

function prague(local: string): string {
  return pragueLocalToUtcIso(local);
}

function pastEvents(): PastEvent[] {
  const aiDescription =
    'Jak využít umělou inteligenci v každodenní agendě úřadu – od automatizace rutinních úkonů po efektivnější práci s dokumenty. Také ochrana osobních údajů a bezpečné zacházení s daty při používání AI nástrojů.';
  const securityDescription =
    'Praktické postupy, jak předcházet kybernetickým hrozbám: zabezpečení hesel, rozpoznávání phishingu, bezpečné využívání mobilních zařízení a cloudových služeb.';
  const clerks = (count: number, offset = 0) =>
    Array.from({ length: count }, (_, i) => ({
      role: 'clerk' as const,
      organisation: clerkOrganisations[(i + offset) % clerkOrganisations.length] as {
        name: string;
        ico?: string;
      },
    }));
  const mayors = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      role: 'mayor' as const,
      organisation: municipalityOrganisation(municipalities[i % municipalities.length] as string),
    }));
  const common = {
    format: 'training' as const,
    modernTechFocus: true,
    status: 'published' as const,
    description: '',
    topics: [] as string[],
    targetGroups: [] as EventInput['targetGroups'],
  };
  return [
    {
      input: {
        ...common,
        title: 'Umělá inteligence v agendě úřadu: pro úřednice a úředníky',
        description: aiDescription,
        topics: ['umělá inteligence', 'ochrana osobních údajů'],
        targetGroups: ['clerks'],
        startsAt: prague('2025-10-22T09:00'),
        endsAt: prague('2025-10-22T12:00'),
        venue:
          'Magistrát města Jablonec nad Nisou, zasedací místnost, Mírové náměstí 19, Jablonec nad Nisou',
        capacity: 60,
        seriesId: 'ai-pro-urady-2025',
      },
      attendees: clerks(50),
    },
    {
      input: {
        ...common,
        title: 'Umělá inteligence v práci obce: pro starostky a starosty',
        description: aiDescription,
        topics: ['umělá inteligence', 'ochrana osobních údajů'],
        targetGroups: ['mayors'],
        startsAt: prague('2025-10-22T13:00'),
        endsAt: prague('2025-10-22T16:00'),
        venue:
          'Magistrát města Jablonec nad Nisou, zasedací místnost, Mírové náměstí 19, Jablonec nad Nisou',
        capacity: 30,
        seriesId: 'ai-pro-urady-2025',
      },
      attendees: mayors(23),
    },
    {
      input: {
        ...common,
        title: 'Kybernetická bezpečnost v každodenní práci úřadu',
        description: securityDescription,
        topics: ['kybernetická bezpečnost'],
        targetGroups: ['clerks', 'mayors'],
        startsAt: prague('2025-10-29T09:00'),
        endsAt: prague('2025-10-29T13:00'),
        venue: 'Magistrát města Jablonec nad Nisou, Mírové náměstí 19, Jablonec nad Nisou',
        capacity: 50,
        seriesId: 'it-bezpecnost-2025',
      },
      attendees: [...mayors(16), ...clerks(30, 1)],
    },
    {
      input: {
        ...common,
        title: 'Kybernetická bezpečnost v každodenní práci úřadu (Česká Lípa)',
        description: securityDescription,
        topics: ['kybernetická bezpečnost'],
        targetGroups: ['clerks'],
        startsAt: prague('2025-10-31T09:00'),
        endsAt: prague('2025-10-31T13:00'),
        venue: 'Městský úřad Česká Lípa, nám. T. G. Masaryka 1, Česká Lípa',
        capacity: 50,
        seriesId: 'it-bezpecnost-2025',
      },
      attendees: clerks(40, 2),
    },
  ];
}

/** A training that ended two days before `now`: its certificates are due. */
function recentlyHeldEvent(now: Date): EventInput {
  const startsAt = atPragueTime(now.toISOString(), 9, 0, -2);
  return {
    title: 'Bezpečná hesla a dvoufázové ověření v praxi úřadu',
    description:
      'Praktické školení: správce hesel, dvoufázové ověření u datové schránky a e-mailu, co dělat při úniku hesla.',
    format: 'training',
    topics: ['kybernetická bezpečnost'],
    modernTechFocus: true,
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 4 * 3_600_000).toISOString(),
    venue: 'Krajský úřad Libereckého kraje, U Jezu 642/2a, Liberec',
    capacity: 20,
    targetGroups: ['clerks'],
    status: 'published',
  };
}

function upcomingEvents(now: Date): EventInput[] {
  const day = 86_400_000;
  const at = (days: number, hour: number, durationHours: number) => {
    const date = new Date(now.getTime() + days * day);
    const local = `${date.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
    const startsAt = prague(local);
    return {
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + durationHours * 3_600_000).toISOString(),
    };
  };
  // The next 9:00 or 14:00 in Prague at least an hour away: less than a day ahead, so its
  // one-day reminder is due as soon as the stack runs.
  const soonStart = [0, 1]
    .flatMap((addDays) => [9, 14].map((hour) => atPragueTime(now.toISOString(), hour, 0, addDays)))
    .map((iso) => Date.parse(iso))
    .find((ms) => ms - now.getTime() >= 3_600_000) as number;
  const soon = {
    startsAt: new Date(soonStart).toISOString(),
    endsAt: new Date(soonStart + 3 * 3_600_000).toISOString(),
  };
  return [
    {
      title: 'Asistivní technologie v sociálních službách',
      description:
        'Seminář pro pracovnice a pracovníky sociálních služeb kraje a pro sociální odbory obcí: technologie, které klientkám a klientům pomáhají k samostatnosti, a jak je zavést.',
      format: 'seminar',
      topics: ['asistivní technologie', 'sociální služby'],
      modernTechFocus: true,
      ...soon,
      venue: 'Krajský úřad Libereckého kraje, U Jezu 642/2a, Liberec, sál 1',
      capacity: 25,
      targetGroups: ['regional-staff', 'clerks'],
      status: 'published',
    },
    {
      title: 'Kulatý stůl: energetické úspory a sdílená energetika obcí',
      description: 'Zkušenosti obcí s komunitní energetikou a chytrým řízením spotřeby budov.',
      format: 'round-table',
      topics: ['energetika', 'chytré budovy'],
      modernTechFocus: true,
      ...at(10, 14, 2),
      venue: 'Krajský úřad Libereckého kraje, U Jezu 642/2a, Liberec, zasedací místnost 4',
      capacity: 3,
      targetGroups: ['mayors', 'clerks'],
      status: 'published',
    },
    {
      title: 'Umělá inteligence ve výuce: pro školy zřizované krajem a obcemi',
      description:
        'Školení pro učitelky a učitele škol zřizovaných krajem a pro zřizovatele škol z řad obcí: jak s umělou inteligencí učit a hodnotit a na co si dát pozor.',
      format: 'training',
      topics: ['umělá inteligence', 'školství'],
      modernTechFocus: true,
      ...at(21, 9, 4),
      venue: 'Online (odkaz pošleme e-mailem)',
      onlineUrl: 'https://meet.example.cz/ai-ve-skolstvi',
      capacity: 80,
      targetGroups: ['regional-staff', 'mayors'],
      status: 'published',
    },
  ];
}

export async function loadDemoData(
  environment: Record<string, string>,
  now: Date,
): Promise<{ events: number; registrations: number }> {
  // The organisers' side enters the demo, as an organiser would, through its own wiring.
  const organiser = organiserDeps(parseFunctionConfig('organiser', environment));
  const { events } = organiser;
  const deps = { ...organiser, now: () => now };
  let registrations = 0;
  let personIndex = 0;

  // History goes in directly: the registration window of a past event is closed, and nobody
  // should get emails about trainings that took place a year ago.
  for (const past of pastEvents()) {
    const createdAt = new Date(Date.parse(past.input.startsAt) - 14 * 86_400_000);
    const event: TrainingEvent = newEvent(
      newId(createdAt.getTime()),
      past.input,
      createdAt.toISOString(),
    );
    await events.createEvent(event);
    for (const attendee of past.attendees) {
      const who = person(personIndex++);
      const registration: Registration & { email: string } = {
        id: newId(createdAt.getTime() + personIndex * 60_000),
        eventId: event.id,
        name: who.name,
        email: who.email,
        role: attendee.role,
        organisationName: attendee.organisation.name,
        ...(attendee.organisation.ico ? { ico: attendee.organisation.ico } : {}),
        status: 'confirmed',
        source: 'registration',
        createdAt: createdAt.toISOString(),
        attendedAt: past.input.startsAt,
      };
      const outcome = await events.register(registration);
      if (outcome.outcome === 'confirmed') registrations++;
    }
  }

  // A training held two days ago, attendance taken for six of its eight registrants: the
  // morning's certificates job (or `npm run job -- certificates`) mails their certificates,
  // and an organiser can still mark the other two present.
  const recent = recentlyHeldEvent(now);
  const recentCreatedAt = new Date(Date.parse(recent.startsAt) - 10 * 86_400_000);
  const recentEvent = newEvent(
    newId(recentCreatedAt.getTime()),
    recent,
    recentCreatedAt.toISOString(),
  );
  await events.createEvent(recentEvent);
  for (let i = 0; i < 8; i++) {
    const who = person(personIndex++);
    const organisation = clerkOrganisations[i % clerkOrganisations.length] ?? {
      name: 'Obec Rádlo',
    };
    const outcome = await events.register({
      id: newId(recentCreatedAt.getTime() + i * 60_000),
      eventId: recentEvent.id,
      name: who.name,
      email: who.email,
      role: 'clerk',
      organisationName: organisation.name,
      ...(organisation.ico ? { ico: organisation.ico } : {}),
      status: 'confirmed',
      source: 'registration',
      createdAt: recentCreatedAt.toISOString(),
      ...(i < 6 ? { attendedAt: recentEvent.startsAt } : {}),
    });
    if (outcome.outcome === 'confirmed') registrations++;
  }

  // Upcoming events go through the use cases, so their confirmation emails show in the viewer.
  // They were announced and filled three days ago, before their reminders fell due.
  const announcedAt = new Date(now.getTime() - 3 * 86_400_000);
  const announced = { ...deps, now: () => announcedAt };
  const created: TrainingEvent[] = [];
  for (const input of upcomingEvents(now)) created.push(await createEvent(announced, input));
  const [tomorrow, roundTable] = created;
  const registrants: { event: TrainingEvent | undefined; count: number; role: Role }[] = [
    { event: tomorrow, count: 5, role: 'regional-staff' },
    { event: roundTable, count: 4, role: 'mayor' },
  ];
  for (const { event, count, role } of registrants) {
    if (!event) continue;
    for (let i = 0; i < count; i++) {
      const who = person(personIndex++);
      await register(announced, event.id, {
        name: who.name,
        email: who.email,
        role,
        organisation:
          role === 'regional-staff'
            ? { name: regionOrganisations[i % regionOrganisations.length] as string }
            : municipalityOrganisation(municipalities[i % municipalities.length] as string),
        consent: true,
      });
      registrations++;
    }
  }
  return { events: pastEvents().length + 1 + created.length, registrations };
}
