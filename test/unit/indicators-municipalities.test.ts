import { describe, expect, it } from 'vitest';
import { isValidIco } from '../../shared/domain/ico';
import { liberecRegionMunicipalities } from '../../shared/web/routes/dashboard-pages';

describe('the municipalities list of the dashboard', () => {
  it('holds only well-formed IČOs, each once', () => {
    expect(liberecRegionMunicipalities.length).toBeGreaterThan(0);
    for (const municipality of liberecRegionMunicipalities) {
      expect(isValidIco(municipality.ico), municipality.name).toBe(true);
    }
    const icos = liberecRegionMunicipalities.map((m) => m.ico);
    expect(new Set(icos).size).toBe(icos.length);
  });
});
