import { seatsLeft, type TrainingEvent } from './event';
import { formatPragueIsoWithOffset } from './prague-time';

/*
 * The events and indicators as Czech open data: OFN Události 2020-07-01
 * (https://ofn.gov.cz/události/2020-07-01/) for the events, DCAT-AP-CZ 2024-05-28
 * (https://ofn.gov.cz/dcat-ap-cz-rozhraní-katalogů-otevřených-dat/2024-05-28/) for the records
 * the national catalogue (NKOD) harvests, and schema.org Event for search engines. Everything
 * here is built field by field from the event: nothing about the people registered can slip in.
 */

/** The public body that organises the events; configuration (ORGANISER_*), not code. */
export interface Organiser {
  name: string;
  ico: string;
  email: string;
}

export interface PublicationSettings {
  /** Absolute, without a trailing slash. */
  publicBaseUrl: string;
  organiser: Organiser;
}

export const ofnEventContext = 'https://ofn.gov.cz/události/2020-07-01/kontexty/událost.jsonld';
export const ofnEventsSchema = 'https://ofn.gov.cz/události/2020-07-01/schémata/události.json';
export const ofnEventsSpecification = 'https://ofn.gov.cz/události/2020-07-01/';
export const dcatContext =
  'https://ofn.gov.cz/dcat-ap-cz-rozhraní-katalogů-otevřených-dat/2024-05-28/kontexty/rozhraní-katalogů-otevřených-dat.jsonld';

export const openDataPaths = {
  events: '/opendata/udalosti.jsonld',
  catalogue: '/opendata/katalog.jsonld',
  eventsDataset: '/opendata/datove-sady/udalosti.jsonld',
  indicatorsDataset: '/opendata/datove-sady/ukazatele.jsonld',
  indicatorsSchema: '/opendata/schemata/ukazatele.json',
  indicators: '/api/indicators',
} as const;

const base = (settings: PublicationSettings) => settings.publicBaseUrl.replace(/\/+$/, '');

export function eventPageUrl(settings: PublicationSettings, eventId: string): string {
  return `${base(settings)}/akce/${eventId}`;
}

/**
 * Open data and feeds carry published events only: drafts never, cancelled ones by choice, and
 * never a hidden test event (the deployment smoke test's).
 */
export function isPublished(event: TrainingEvent): boolean {
  return event.status === 'published' && !event.hidden;
}

/** An online event says so: its venue text names it, or it has a meeting link. */
export function isOnline(event: TrainingEvent): boolean {
  return Boolean(event.onlineUrl) || /^\s*online\b/i.test(event.venue);
}

const instant = (iso: string) => ({
  typ: 'Časový okamžik',
  datum_a_čas: formatPragueIsoWithOffset(iso),
});

/** One event as an OFN `Událost`. */
export function ofnEvent(event: TrainingEvent, settings: PublicationSettings) {
  const url = eventPageUrl(settings, event.id);
  const { organiser } = settings;
  const place = isOnline(event)
    ? {
        typ: 'Umístění',
        název: { cs: /online/i.test(event.venue) ? event.venue : `Online: ${event.venue}` },
      }
    : { typ: 'Umístění', adresa: { typ: 'Adresa', text: { cs: event.venue } } };
  return {
    '@context': ofnEventContext,
    typ: 'Událost',
    iri: url,
    název: { cs: event.title },
    ...(event.description.trim() ? { popis: { cs: event.description } } : {}),
    doba_trvání: [
      {
        typ: 'Časová specifikace',
        časový_interval: {
          typ: 'Časový interval',
          začátek: instant(event.startsAt),
          konec: instant(event.endsAt),
        },
      },
    ],
    umístění: [place],
    pořadatel: [{ typ: 'Osoba', ičo: organiser.ico, název: { cs: organiser.name } }],
    kontakt: [{ typ: 'Kontakt', email: `mailto:${organiser.email}` }],
    registrace: { cs: url },
  };
}

/** The published events (upcoming and held; cancelled and drafts left out), soonest first. */
export function ofnEvents(events: readonly TrainingEvent[], settings: PublicationSettings) {
  return events
    .filter(isPublished)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id))
    .map((event) => ofnEvent(event, settings));
}

// ---------------------------------------------------------------------------------------------
// DCAT-AP-CZ: the catalogue and its two dataset records

/** The public body as the register of public authorities (RPP) names it. */
export function publicAuthorityIri(ico: string): string {
  return `https://rpp-opendata.egon.gov.cz/odrpp/zdroj/orgán-veřejné-moci/${ico}`;
}

/** RÚIAN VÚSC 78: the Liberec Region, the territory both datasets cover. */
export const liberecRegionRuian = 'https://linked.cuzk.cz/resource/ruian/vusc/78';

const euTheme = (code: string) =>
  `http://publications.europa.eu/resource/authority/data-theme/${code}`;
const euFrequency = (code: string) =>
  `http://publications.europa.eu/resource/authority/frequency/${code}`;
const euFileType = (code: string) =>
  `http://publications.europa.eu/resource/authority/file-type/${code}`;
const ianaType = (type: string) => `http://www.iana.org/assignments/media-types/${type}`;

/**
 * Facts, not works: no copyrighted content, no database protected as a work or by the
 * maker's right, and no personal data (counts and event details only).
 */
const termsOfUse = {
  typ: 'Specifikace podmínek užití',
  autorské_dílo: 'https://data.gov.cz/podmínky-užití/neobsahuje-autorská-díla/',
  databáze_jako_autorské_dílo:
    'https://data.gov.cz/podmínky-užití/není-autorskoprávně-chráněnou-databází/',
  databáze_chráněná_zvláštními_právy:
    'https://data.gov.cz/podmínky-užití/není-chráněna-zvláštním-právem-pořizovatele-databáze/',
  osobní_údaje: 'https://data.gov.cz/podmínky-užití/neobsahuje-osobní-údaje/',
};

function contactPoint(settings: PublicationSettings) {
  return {
    typ: 'Organizace',
    jméno: { cs: settings.organiser.name },
    'e-mail': `mailto:${settings.organiser.email}`,
  };
}

export function eventsDataset(settings: PublicationSettings) {
  const root = base(settings);
  const iri = `${root}${openDataPaths.eventsDataset}`;
  const download = `${root}${openDataPaths.events}`;
  return {
    '@context': dcatContext,
    typ: 'Datová sada',
    iri,
    název: { cs: 'Vzdělávací akce akčního plánu Chytřejší Liberecký kraj' },
    popis: {
      cs: 'Zveřejněné vzdělávací akce (školení, kurzy, semináře, kulaté stoly a stáže) o moderních technologiích pro úřednice a úředníky, starostky a starosty, zaměstnankyně a zaměstnance organizací kraje i občany, připravované i proběhlé. Zrušené akce a koncepty neobsahuje. Podle otevřené formální normy Události.',
    },
    poskytovatel: publicAuthorityIri(settings.organiser.ico),
    téma: [euTheme('EDUC'), euTheme('GOVE')],
    periodicita_aktualizace: euFrequency('IRREG'),
    klíčové_slovo: { cs: ['vzdělávání', 'školení', 'digitalizace', 'veřejná správa', 'události'] },
    prvek_rúian: [liberecRegionRuian],
    kontaktní_bod: contactPoint(settings),
    dokumentace: `${root}/`,
    specifikace: [ofnEventsSpecification],
    distribuce: [
      {
        typ: 'Distribuce',
        iri: `${iri}#json-ld`,
        název: { cs: 'Akce ve formátu JSON-LD podle OFN Události' },
        podmínky_užití: termsOfUse,
        přístupové_url: download,
        soubor_ke_stažení: download,
        typ_média: ianaType('application/ld+json'),
        formát: euFileType('JSON_LD'),
        schéma: ofnEventsSchema,
      },
    ],
  };
}

export function indicatorsDataset(settings: PublicationSettings) {
  const root = base(settings);
  const iri = `${root}${openDataPaths.indicatorsDataset}`;
  const download = `${root}${openDataPaths.indicators}`;
  return {
    '@context': dcatContext,
    typ: 'Datová sada',
    iri,
    název: { cs: 'Ukazatele vzdělávání v digitálních dovednostech v Libereckém kraji' },
    popis: {
      cs: 'Ukazatele akčního plánu Chytřejší Liberecký kraj za rok, čtvrtletí a měsíce: počet uskutečněných vzdělávacích akcí se zaměřením na moderní technologie, počet zapojených subjektů, účasti, spokojenost a pokrytí obcí kraje (kolik ze 215 obcí a jaký podíl obyvatel už mělo někoho proškoleného, i po okresech). Jen souhrnná čísla, žádné osobní údaje. Přepočítává se každou noc; rok vyberete parametrem year.',
    },
    poskytovatel: publicAuthorityIri(settings.organiser.ico),
    téma: [euTheme('EDUC'), euTheme('GOVE')],
    periodicita_aktualizace: euFrequency('DAILY'),
    klíčové_slovo: {
      cs: ['vzdělávání', 'digitální dovednosti', 'ukazatele', 'obce', 'Liberecký kraj'],
    },
    prvek_rúian: [liberecRegionRuian],
    kontaktní_bod: contactPoint(settings),
    dokumentace: `${root}/`,
    distribuce: [
      {
        typ: 'Distribuce',
        iri: `${iri}#json`,
        název: { cs: 'Ukazatele za letošní rok ve formátu JSON' },
        podmínky_užití: termsOfUse,
        přístupové_url: download,
        soubor_ke_stažení: download,
        typ_média: ianaType('application/json'),
        formát: euFileType('JSON'),
        schéma: `${root}${openDataPaths.indicatorsSchema}`,
      },
    ],
  };
}

/** The local catalogue (LKOD) the national catalogue harvests: it lists the dataset records. */
export function openDataCatalogue(settings: PublicationSettings) {
  const root = base(settings);
  return {
    '@context': dcatContext,
    typ: 'Katalog',
    iri: `${root}${openDataPaths.catalogue}`,
    název: { cs: `Otevřená data vzdělávacích akcí – ${settings.organiser.name}` },
    popis: {
      cs: 'Katalog otevřených dat aplikace Chytrá školení: vzdělávací akce a jejich ukazatele.',
    },
    poskytovatel: publicAuthorityIri(settings.organiser.ico),
    kontaktní_bod: contactPoint(settings),
    ...(root.startsWith('https://') ? { domovská_stránka: `${root}/` } : {}),
    datová_sada: [eventsDataset(settings).iri, indicatorsDataset(settings).iri],
  };
}

// ---------------------------------------------------------------------------------------------
// schema.org Event for search engines

/** schema.org `Event` JSON-LD of an event page. */
export function schemaOrgEvent(event: TrainingEvent, settings: PublicationSettings) {
  const url = eventPageUrl(settings, event.id);
  const online = isOnline(event);
  const left = seatsLeft(event);
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: event.title,
    ...(event.description.trim() ? { description: event.description } : {}),
    url,
    startDate: formatPragueIsoWithOffset(event.startsAt),
    endDate: formatPragueIsoWithOffset(event.endsAt),
    eventStatus:
      event.status === 'cancelled'
        ? 'https://schema.org/EventCancelled'
        : 'https://schema.org/EventScheduled',
    eventAttendanceMode: online
      ? 'https://schema.org/OnlineEventAttendanceMode'
      : 'https://schema.org/OfflineEventAttendanceMode',
    location: online
      ? { '@type': 'VirtualLocation', url, name: event.venue }
      : { '@type': 'Place', name: event.venue, address: event.venue },
    organizer: {
      '@type': 'GovernmentOrganization',
      name: settings.organiser.name,
      email: settings.organiser.email,
      identifier: settings.organiser.ico,
    },
    inLanguage: 'cs',
    isAccessibleForFree: true,
    offers: {
      '@type': 'Offer',
      price: 0,
      priceCurrency: 'CZK',
      url,
      availability:
        event.status === 'cancelled'
          ? 'https://schema.org/Discontinued'
          : left > 0
            ? 'https://schema.org/InStock'
            : 'https://schema.org/SoldOut',
    },
  };
}

/**
 * JSON for a `<script type="application/ld+json">`: markup characters as \u escapes, so no text
 * ends the script or reads as markup to anything scanning the page.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/'/g, '\\u0027')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
