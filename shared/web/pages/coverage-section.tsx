import { raw } from 'hono/html';
import {
  type Coverage,
  coverageOf,
  type Municipality,
  municipalitiesNotReached,
  municipalitiesVintage,
} from '../../domain/coverage';
import { countCs, type PluralForms, pluralCs } from '../../domain/czech-plural';
import { type PeriodIndicators, quarterPeriods } from '../../domain/indicators';
import { barChartSvg } from '../charts';

const MUNICIPALITIES: PluralForms = { one: 'obec', few: 'obce', many: 'obcí', fraction: 'obce' };
const INHABITANTS: PluralForms = {
  one: 'obyvatel',
  few: 'obyvatelé',
  many: 'obyvatel',
  fraction: 'obyvatele',
};

/** The districts' usual abbreviations, short enough to stand under a bar. */
const districtAbbreviations: Record<string, string> = {
  'Česká Lípa': 'ČL',
  'Jablonec nad Nisou': 'JN',
  Liberec: 'LB',
  Semily: 'SM',
};

const percent = (share: number) => `${String(Math.round(share * 1000) / 10).replace('.', ',')} %`;
const thousands = (value: number) => value.toLocaleString('cs-CZ').replace(/\s/g, '\u00a0');

function DistrictTable(props: { coverage: Coverage; caption: string }) {
  return (
    <div class="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Okres</th>
            <th scope="col" class="num">
              Obce s proškolenými
            </th>
            <th scope="col" class="num">
              Obcí v okrese
            </th>
            <th scope="col" class="num">
              Podíl obcí
            </th>
            <th scope="col" class="num">
              Podíl obyvatel
            </th>
          </tr>
        </thead>
        <tbody>
          {props.coverage.byDistrict.map((d) => (
            <tr>
              <th scope="row">{d.district}</th>
              <td class="num">{d.reached}</td>
              <td class="num">{d.municipalities}</td>
              <td class="num">{percent(d.share)}</td>
              <td class="num">{percent(d.populationShare)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Kraj celkem</th>
            <td class="num">{props.coverage.reached}</td>
            <td class="num">{props.coverage.municipalities}</td>
            <td class="num">{percent(props.coverage.share)}</td>
            <td class="num">{percent(props.coverage.populationShare)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function NotReachedList(props: { missing: Municipality[] }) {
  const byDistrict = new Map<string, Municipality[]>();
  for (const m of props.missing)
    byDistrict.set(m.district, [...(byDistrict.get(m.district) ?? []), m]);
  return (
    <>
      {[...byDistrict.entries()].map(([district, list]) => (
        <details>
          <summary>
            Okres {district}: {countCs(list.length, MUNICIPALITIES)}
          </summary>
          <ul>
            {list.map((m) => (
              <li>
                {m.name} <span class="muted">(IČO {m.ico})</span>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </>
  );
}

/**
 * The region's coverage on the dashboard: municipalities reached (by the IČO participants gave)
 * as a share of all 215 and of the population, per district with bars and a table, per quarter,
 * and the complete list of municipalities not reached yet.
 */
export function CoverageSection(props: {
  year: number;
  caption: string;
  period: PeriodIndicators;
  periods: PeriodIndicators[];
}) {
  const coverage = coverageOf(props.period.reachedMunicipalities ?? []);
  const missing = municipalitiesNotReached(props.period.reachedMunicipalities ?? []);
  const byPeriod = new Map(props.periods.map((p) => [p.period, p]));
  const summary = `${countCs(coverage.reached, MUNICIPALITIES)} z ${coverage.municipalities} (${percent(coverage.share)}), v nich žije ${percent(coverage.populationShare)} obyvatel kraje.`;
  const svg = barChartSvg({
    id: 'graf-pokryti',
    // The unit is in the title: "100 %" on the axis would not fit its margin.
    title: `Podíl obcí s proškolenými po okresech v procentech – ${props.caption}`,
    description: `${coverage.byDistrict.map((d) => `${d.district}: ${percent(d.share)} obcí`).join('; ')}. Stejné údaje jsou v tabulce pod grafem.`,
    bars: coverage.byDistrict.map((d) => ({
      label: districtAbbreviations[d.district] ?? d.district,
      longLabel: d.district,
      value: Math.round(d.share * 1000) / 10,
    })),
    formatValue: (value) => String(value).replace('.', ','),
  });
  return (
    <section aria-labelledby="pokryti">
      <h2 id="pokryti">Pokrytí obcí kraje</h2>
      <p>
        Obce Libereckého kraje, za které se někdo zúčastnil uskutečněné akce. Porovnáváme podle IČO,
        které účastníci uvedli u své organizace, s úplným seznamem všech{' '}
        {countCs(coverage.municipalities, MUNICIPALITIES)} kraje; obec uvedená jen názvem se
        nezapočítá.
      </p>
      <ul
        class="stats"
        style="display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr))"
      >
        <li>
          <span>Obce s proškolenými</span>{' '}
          <strong>
            {coverage.reached} z {coverage.municipalities}
          </strong>
          <span class="muted">{percent(coverage.share)} obcí kraje</span>
        </li>
        <li>
          <span>Obyvatelé těchto obcí</span> <strong>{percent(coverage.populationShare)}</strong>
          <span class="muted">
            {thousands(coverage.populationReached)} z {thousands(coverage.population)}{' '}
            {pluralCs(coverage.population, INHABITANTS)}
          </span>
        </li>
      </ul>
      <figure style="margin: 0 0 1rem">
        {raw(svg)}
        <figcaption class="muted">{summary}</figcaption>
      </figure>
      <DistrictTable coverage={coverage} caption={`Pokrytí obcí po okresech – ${props.caption}`} />
      <div class="table-wrap">
        <table>
          <caption>Pokrytí obcí po čtvrtletích roku {props.year}</caption>
          <thead>
            <tr>
              <th scope="col">Čtvrtletí</th>
              <th scope="col" class="num">
                Obce s proškolenými
              </th>
              <th scope="col" class="num">
                Podíl obcí
              </th>
              <th scope="col" class="num">
                Podíl obyvatel
              </th>
            </tr>
          </thead>
          <tbody>
            {quarterPeriods.map((q, index) => {
              const c = coverageOf(byPeriod.get(q)?.reachedMunicipalities ?? []);
              return (
                <tr>
                  <th scope="row">{index + 1}. čtvrtletí</th>
                  <td class="num">{c.reached}</td>
                  <td class="num">{percent(c.share)}</td>
                  <td class="num">{percent(c.populationShare)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3 id="bez-skoleni">Obce, odkud zatím nikdo nebyl proškolen – {props.caption}</h3>
      {missing.length === 0 ? (
        <p>Ze všech obcí kraje se už někdo zúčastnil.</p>
      ) : (
        <>
          <p>
            {countCs(missing.length, MUNICIPALITIES)} z {coverage.municipalities}, podle okresů:
          </p>
          <NotReachedList missing={missing} />
        </>
      )}
      <p class="muted">Seznam obcí: {municipalitiesVintage}.</p>
    </section>
  );
}
