import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { liberecRegionMunicipalitiesCsv } from '../../shared/data/liberec-region-municipalities';
import {
  coverageOf,
  districts,
  liberecRegionMunicipalities,
  municipalitiesNotReached,
  municipalityByIco,
  reachedMunicipalityIcos,
} from '../../shared/domain/coverage';
import { isValidIco } from '../../shared/domain/ico';

const root = join(import.meta.dirname, '..', '..');

describe('the municipalities of the Liberec Region', () => {
  it('the module carries exactly the shipped CSV', () => {
    const csv = readFileSync(join(root, 'shared/data/liberec-region-municipalities.csv'), 'utf8');
    expect(liberecRegionMunicipalitiesCsv).toBe(csv);
  });

  it('are all 215, with valid IČOs each once, in four districts, 449,494 inhabitants', () => {
    expect(liberecRegionMunicipalities()).toHaveLength(215);
    for (const municipality of liberecRegionMunicipalities()) {
      expect(isValidIco(municipality.ico), municipality.name).toBe(true);
    }
    expect(new Set(liberecRegionMunicipalities().map((m) => m.ico)).size).toBe(215);
    expect(districts()).toEqual(['Česká Lípa', 'Jablonec nad Nisou', 'Liberec', 'Semily']);
    expect(liberecRegionMunicipalities().reduce((sum, m) => sum + m.population, 0)).toBe(449_494);
    expect(municipalityByIco('00262978')?.name).toBe('Liberec');
    // Two municipalities share a name; the IČO tells them apart.
    expect(municipalityByIco('00262501')?.district).toBe('Jablonec nad Nisou');
    expect(municipalityByIco('00263095')?.district).toBe('Liberec');
  });
});

describe('coverage', () => {
  it('keeps only IČOs of municipalities of the region, each once', () => {
    expect(
      reachedMunicipalityIcos(['00262978', '70891508', '00262978', null, undefined, 'x']),
    ).toEqual(['00262978']);
  });

  it('counts municipalities and the population they serve, overall and per district', () => {
    const liberec = municipalityByIco('00262978');
    const jablonec = municipalityByIco('00262340');
    const coverage = coverageOf(['00262978', '00262340']);
    expect(coverage.reached).toBe(2);
    expect(coverage.municipalities).toBe(215);
    expect(coverage.share).toBe(Math.round((2 / 215) * 1000) / 1000);
    expect(coverage.populationReached).toBe(
      (liberec?.population ?? 0) + (jablonec?.population ?? 0),
    );
    expect(coverage.population).toBe(449_494);
    const byDistrict = Object.fromEntries(coverage.byDistrict.map((d) => [d.district, d]));
    expect(byDistrict.Liberec).toMatchObject({ reached: 1, municipalities: 59 });
    expect(byDistrict['Jablonec nad Nisou']).toMatchObject({ reached: 1, municipalities: 35 });
    expect(byDistrict.Semily).toMatchObject({ reached: 0, municipalities: 64, share: 0 });
    expect(coverage.byDistrict.reduce((sum, d) => sum + d.municipalities, 0)).toBe(215);
  });

  it('lists every municipality not reached yet, by district and name', () => {
    const missing = municipalitiesNotReached(['00262978']);
    expect(missing).toHaveLength(214);
    expect(missing.some((m) => m.ico === '00262978')).toBe(false);
    expect(missing[0]?.district).toBe('Česká Lípa');
    expect(municipalitiesNotReached([])).toHaveLength(215);
  });
});
