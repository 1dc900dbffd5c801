import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../shared/domain/event';
import {
  eventsDataset,
  indicatorsDataset,
  jsonForScript,
  ofnEvents,
  openDataCatalogue,
  type PublicationSettings,
  schemaOrgEvent,
} from '../../shared/domain/open-data';
import { formatPragueIsoWithOffset } from '../../shared/domain/prague-time';
import {
  errorsOf,
  validateCatalogue,
  validateDataset,
  validateOfnEvent,
  validateOfnEvents,
} from '../support/open-data-schemas';

const settings: PublicationSettings = {
  publicBaseUrl: 'https://skoleni.kraj-lbc.cz',
  organiser: { name: 'Liberecký kraj', ico: '70891508', email: 'skoleni@kraj-lbc.cz' },
};

function event(overrides: Partial<TrainingEvent> = {}): TrainingEvent {
  return {
    id: '01JAKCE0000000000000000001',
    title: 'Kybernetická bezpečnost na obecním úřadě',
    description: 'Jak poznat podvodný e-mail.\n\nPraktická cvičení.',
    format: 'workshop',
    topics: ['kybernetická bezpečnost'],
    modernTechFocus: true,
    startsAt: '2026-10-15T07:00:00.000Z',
    endsAt: '2026-10-15T10:00:00.000Z',
    venue: 'Krajský úřad, U Jezu 642/2a, Liberec',
    capacity: 20,
    targetGroups: ['clerks', 'mayors'],
    status: 'published',
    confirmedCount: 3,
    waitlistedCount: 0,
    revision: 2,
    createdAt: '2026-09-01T08:00:00.000Z',
    updatedAt: '2026-09-02T08:00:00.000Z',
    ...overrides,
  };
}

describe('events as OFN Události', () => {
  const events = [
    event(),
    event({
      id: '01JAKCE0000000000000000002',
      title: 'AI ve školství',
      description: '',
      venue: 'Online (odkaz přijde e-mailem)',
      onlineUrl: 'https://meet.example.cz/ai',
      startsAt: '2026-01-20T08:00:00.000Z',
      endsAt: '2026-01-20T12:00:00.000Z',
    }),
    event({ id: '01JAKCE0000000000000000003', status: 'cancelled' }),
    event({ id: '01JAKCE0000000000000000004', status: 'draft' }),
  ];
  const published = ofnEvents(events, settings);

  it('validates against the official schema of a list of events, and each against událost.json', () => {
    expect(validateOfnEvents?.(published), errorsOf(validateOfnEvents)).toBe(true);
    for (const item of published) {
      expect(validateOfnEvent?.(item), errorsOf(validateOfnEvent)).toBe(true);
    }
  });

  it('the schema is strict enough to refuse a wrong event', () => {
    const [first] = published;
    const broken = [
      { ...first, typ: 'Akce' },
      { ...first, pořadatel: [{ typ: 'Osoba', ičo: '7089150' }] },
      {
        ...first,
        doba_trvání: [{ typ: 'Časová specifikace', časový_interval: { typ: 'Časový interval' } }],
      },
      { ...first, název: 'bez jazyka' },
    ];
    for (const item of broken) expect(validateOfnEvent?.(item)).toBe(false);
  });

  it('lists published events only, soonest first, with the fields of the norm', () => {
    expect(published.map((e) => e.iri)).toEqual([
      'https://skoleni.kraj-lbc.cz/akce/01JAKCE0000000000000000002',
      'https://skoleni.kraj-lbc.cz/akce/01JAKCE0000000000000000001',
    ]);
    expect(published[1]).toEqual({
      '@context': 'https://ofn.gov.cz/události/2020-07-01/kontexty/událost.jsonld',
      typ: 'Událost',
      iri: 'https://skoleni.kraj-lbc.cz/akce/01JAKCE0000000000000000001',
      název: { cs: 'Kybernetická bezpečnost na obecním úřadě' },
      popis: { cs: 'Jak poznat podvodný e-mail.\n\nPraktická cvičení.' },
      doba_trvání: [
        {
          typ: 'Časová specifikace',
          časový_interval: {
            typ: 'Časový interval',
            začátek: { typ: 'Časový okamžik', datum_a_čas: '2026-10-15T09:00:00+02:00' },
            konec: { typ: 'Časový okamžik', datum_a_čas: '2026-10-15T12:00:00+02:00' },
          },
        },
      ],
      umístění: [
        {
          typ: 'Umístění',
          adresa: { typ: 'Adresa', text: { cs: 'Krajský úřad, U Jezu 642/2a, Liberec' } },
        },
      ],
      pořadatel: [{ typ: 'Osoba', ičo: '70891508', název: { cs: 'Liberecký kraj' } }],
      kontakt: [{ typ: 'Kontakt', email: 'mailto:skoleni@kraj-lbc.cz' }],
      registrace: { cs: 'https://skoleni.kraj-lbc.cz/akce/01JAKCE0000000000000000001' },
    });
  });

  it('an online event says so, in winter time with +01:00', () => {
    const online = published[0];
    expect(online?.umístění).toEqual([
      { typ: 'Umístění', název: { cs: 'Online (odkaz přijde e-mailem)' } },
    ]);
    expect(online?.doba_trvání[0]?.časový_interval.začátek.datum_a_čas).toBe(
      '2026-01-20T09:00:00+01:00',
    );
    expect(online).not.toHaveProperty('popis');
  });
});

describe('Prague offsets', () => {
  it('formats instants as Prague wall-clock time with the offset of that day', () => {
    expect(formatPragueIsoWithOffset('2026-10-15T07:00:00Z')).toBe('2026-10-15T09:00:00+02:00');
    expect(formatPragueIsoWithOffset('2026-12-31T23:30:00Z')).toBe('2027-01-01T00:30:00+01:00');
    // The night the clocks go back: 02:30 happens twice, the offsets tell them apart.
    expect(formatPragueIsoWithOffset('2026-10-25T00:30:00Z')).toBe('2026-10-25T02:30:00+02:00');
    expect(formatPragueIsoWithOffset('2026-10-25T01:30:00Z')).toBe('2026-10-25T02:30:00+01:00');
  });
});

describe('the DCAT-AP-CZ catalogue', () => {
  it('has a valid dataset record for the events and one for the indicators', () => {
    for (const dataset of [eventsDataset(settings), indicatorsDataset(settings)]) {
      expect(validateDataset?.(dataset), errorsOf(validateDataset)).toBe(true);
      const [distribution] = dataset.distribuce;
      expect(distribution).toMatchObject({
        přístupové_url: expect.stringMatching(/^https:\/\/skoleni\.kraj-lbc\.cz\//),
        soubor_ke_stažení: expect.stringMatching(/^https:\/\/skoleni\.kraj-lbc\.cz\//),
        typ_média: expect.stringMatching(/^http:\/\/www\.iana\.org\/assignments\/media-types\//),
        formát: expect.stringMatching(/file-type\/JSON/),
        schéma: expect.stringMatching(/^https:\/\//),
      });
      expect(distribution?.podmínky_užití.osobní_údaje).toBe(
        'https://data.gov.cz/podmínky-užití/neobsahuje-osobní-údaje/',
      );
      expect(dataset.poskytovatel).toBe(
        'https://rpp-opendata.egon.gov.cz/odrpp/zdroj/orgán-veřejné-moci/70891508',
      );
    }
    expect(eventsDataset(settings).distribuce[0]?.soubor_ke_stažení).toBe(
      'https://skoleni.kraj-lbc.cz/opendata/udalosti.jsonld',
    );
    expect(indicatorsDataset(settings).distribuce[0]?.soubor_ke_stažení).toBe(
      'https://skoleni.kraj-lbc.cz/api/indicators',
    );
  });

  it('the catalogue is valid and lists both datasets', () => {
    const catalogue = openDataCatalogue(settings);
    expect(validateCatalogue?.(catalogue), errorsOf(validateCatalogue)).toBe(true);
    expect(catalogue.datová_sada).toEqual([
      eventsDataset(settings).iri,
      indicatorsDataset(settings).iri,
    ]);
  });

  it('the dataset schema refuses a record without its required fields', () => {
    const { prvek_rúian: _, ...withoutTerritory } = eventsDataset(settings);
    expect(validateDataset?.(withoutTerritory)).toBe(false);
    const dataset = eventsDataset(settings);
    const [distribution] = dataset.distribuce;
    const { podmínky_užití: __, ...withoutTerms } = distribution ?? {};
    expect(validateDataset?.({ ...dataset, distribuce: [withoutTerms] })).toBe(false);
  });
});

describe('schema.org Event', () => {
  it('has the fields search engines read, seats left deciding the availability', () => {
    expect(schemaOrgEvent(event(), settings)).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: 'Kybernetická bezpečnost na obecním úřadě',
      startDate: '2026-10-15T09:00:00+02:00',
      endDate: '2026-10-15T12:00:00+02:00',
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      location: { '@type': 'Place', name: 'Krajský úřad, U Jezu 642/2a, Liberec' },
      organizer: { name: 'Liberecký kraj' },
      offers: { price: 0, availability: 'https://schema.org/InStock' },
    });
    expect(schemaOrgEvent(event({ confirmedCount: 20 }), settings).offers.availability).toBe(
      'https://schema.org/SoldOut',
    );
    expect(schemaOrgEvent(event({ status: 'cancelled' }), settings).eventStatus).toBe(
      'https://schema.org/EventCancelled',
    );
    expect(
      schemaOrgEvent(event({ onlineUrl: 'https://meet.example.cz/x' }), settings)
        .eventAttendanceMode,
    ).toBe('https://schema.org/OnlineEventAttendanceMode');
  });

  it('cannot end its script element whatever the title says', () => {
    const title = `</script><b>'x' & "y"</b>`;
    const text = jsonForScript(schemaOrgEvent(event({ title }), settings));
    expect(text).not.toMatch(/[<>'&]/);
    expect(JSON.parse(text).name).toBe(title);
  });
});
