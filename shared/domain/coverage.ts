import { liberecRegionMunicipalitiesCsv } from '../data/liberec-region-municipalities';

/*
 * Coverage of the region: which of the Liberec Region's 215 municipalities had someone trained,
 * matched by the IČO participants gave for their organisation. A municipality reached by name
 * only does not count: names are ambiguous (two municipalities are called Pěnčín), an IČO is not.
 */

export interface Municipality {
  ico: string;
  name: string;
  district: string;
  /** ČSÚ/RÚIAN kód obce. */
  code: string;
  population: number;
}

/** Which snapshot of the list the figures compare against (shared/data/README.md). */
export const municipalitiesVintage =
  'MONITOR (Ministerstvo financí), obce Libereckého kraje, období 12/2025; počet obyvatel k 1. 1. 2025';

function parseMunicipalities(csv: string): Municipality[] {
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  if (header !== 'ico;name;district;municipality_code;population') {
    throw new Error(`Unexpected municipalities header: ${header}`);
  }
  return rows.map((row) => {
    const [ico, name, district, code, population] = row.split(';');
    if (!ico || !name || !district || !code || !population || !/^\d{8}$/.test(ico)) {
      throw new Error(`Malformed municipality row: ${row}`);
    }
    return { ico, name, district, code, population: Number(population) };
  });
}

interface Region {
  municipalities: readonly Municipality[];
  byIco: ReadonlyMap<string, Municipality>;
  districts: readonly string[];
}

/**
 * Parsed and sorted on first use: Czech collation sets up ICU, a cold-start cost the functions
 * that import the indicators without computing coverage (retention) should not pay.
 */
let region: Region | undefined;

function theRegion(): Region {
  if (region) return region;
  const municipalities = parseMunicipalities(liberecRegionMunicipalitiesCsv).sort(
    (a, b) => a.name.localeCompare(b.name, 'cs') || a.district.localeCompare(b.district, 'cs'),
  );
  region = {
    municipalities,
    byIco: new Map(municipalities.map((m) => [m.ico, m])),
    districts: [...new Set(municipalities.map((m) => m.district))].sort((a, b) =>
      a.localeCompare(b, 'cs'),
    ),
  };
  return region;
}

/** All municipalities, sorted by name as Czech sorts it. */
export function liberecRegionMunicipalities(): readonly Municipality[] {
  return theRegion().municipalities;
}

/** The districts in a fixed order (Czech alphabetical). */
export function districts(): readonly string[] {
  return theRegion().districts;
}

export function municipalityByIco(ico: string | null | undefined): Municipality | undefined {
  return ico ? theRegion().byIco.get(ico) : undefined;
}

export interface CoverageShare {
  /** Municipalities with at least one trained participant. */
  reached: number;
  municipalities: number;
  /** reached / municipalities, 0–1, three decimals. */
  share: number;
  populationReached: number;
  population: number;
  /** populationReached / population, 0–1, three decimals. */
  populationShare: number;
}

export interface Coverage extends CoverageShare {
  byDistrict: (CoverageShare & { district: string })[];
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

function share(all: readonly Municipality[], reached: ReadonlySet<string>): CoverageShare {
  const hit = all.filter((m) => reached.has(m.ico));
  const population = all.reduce((sum, m) => sum + m.population, 0);
  const populationReached = hit.reduce((sum, m) => sum + m.population, 0);
  return {
    reached: hit.length,
    municipalities: all.length,
    share: all.length === 0 ? 0 : round3(hit.length / all.length),
    populationReached,
    population,
    populationShare: population === 0 ? 0 : round3(populationReached / population),
  };
}

/** The IČOs among `icos` that belong to a municipality of the region, sorted. */
export function reachedMunicipalityIcos(icos: Iterable<string | null | undefined>): string[] {
  const found = new Set<string>();
  const { byIco } = theRegion();
  for (const ico of icos) if (ico && byIco.has(ico)) found.add(ico);
  return [...found].sort();
}

/** The region's coverage from the IČOs of the municipalities reached. */
export function coverageOf(reachedIcos: Iterable<string>): Coverage {
  const reached = new Set(reachedIcos);
  const { municipalities, districts } = theRegion();
  return {
    ...share(municipalities, reached),
    byDistrict: districts.map((district) => ({
      district,
      ...share(
        municipalities.filter((m) => m.district === district),
        reached,
      ),
    })),
  };
}

/** Municipalities nobody came from yet, by district and name. */
export function municipalitiesNotReached(reachedIcos: Iterable<string>): Municipality[] {
  const reached = new Set(reachedIcos);
  return theRegion()
    .municipalities.filter((m) => !reached.has(m.ico))
    .sort(
      (a, b) => a.district.localeCompare(b.district, 'cs') || a.name.localeCompare(b.name, 'cs'),
    );
}
