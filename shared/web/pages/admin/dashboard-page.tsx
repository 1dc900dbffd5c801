import { raw } from 'hono/html';
import {
  ANSWERS,
  countCs,
  EVENTS,
  ORGANISATIONS,
  type PluralForms,
} from '../../../domain/czech-plural';
import {
  eventFormatLabels,
  eventFormats,
  targetGroupLabels,
  targetGroups,
} from '../../../domain/event';
import {
  monthNameCs,
  monthPeriods,
  type PeriodId,
  type PeriodIndicators,
  periodLabelCs,
} from '../../../domain/indicators';
import { czechMonths, formatPragueAtTime, formatPragueDate } from '../../../domain/prague-time';
import { actionPlanGenitive } from '../../../domain/vocabulary';
import { barChartSvg } from '../../charts';
import { CoverageSection } from '../coverage-section';
import { Layout } from '../layout';
import { nbsp } from '../typography';

const PERSONS: PluralForms = { one: 'osoba', few: 'osoby', many: 'osob', fraction: 'osoby' };

const ATTENDANCES: PluralForms = {
  one: 'účast',
  few: 'účasti',
  many: 'účastí',
  fraction: 'účasti',
};

function decimal(value: number): string {
  return String(value).replace('.', ',');
}

function percent(value: number | null): string {
  return value === null ? '–' : `${decimal(Math.round(value * 1000) / 10)} %`;
}

export interface SelectionError {
  field: 'rok' | 'ctvrtleti';
  message: string;
}

export interface Selection {
  year: number;
  quarter: number | undefined;
  yearInput: string;
  quarterInput: string;
  errors: SelectionError[];
}

function SelectionForm(props: { selection: Selection }) {
  const { selection } = props;
  const error = (field: SelectionError['field']) => selection.errors.find((e) => e.field === field);
  const yearError = error('rok');
  const quarterError = error('ctvrtleti');
  return (
    <form method="get" action="/admin/prehled" class="columns" novalidate>
      <div class={`field${yearError ? ' field-error-group' : ''}`}>
        <label for="rok">Rok</label>
        {yearError ? (
          <p class="field-message" id="rok-chyba">
            <span class="visually-hidden">Chyba: </span>
            {yearError.message}
          </p>
        ) : null}
        <input
          id="rok"
          name="rok"
          type="text"
          inputmode="numeric"
          autocomplete="off"
          size={6}
          value={selection.yearInput}
          aria-invalid={yearError ? 'true' : undefined}
          aria-describedby={yearError ? 'rok-chyba' : undefined}
        />
      </div>
      <div class={`field${quarterError ? ' field-error-group' : ''}`}>
        <label for="ctvrtleti">Období</label>
        {quarterError ? (
          <p class="field-message" id="ctvrtleti-chyba">
            <span class="visually-hidden">Chyba: </span>
            {quarterError.message}
          </p>
        ) : null}
        <select
          id="ctvrtleti"
          name="ctvrtleti"
          aria-invalid={quarterError ? 'true' : undefined}
          aria-describedby={quarterError ? 'ctvrtleti-chyba' : undefined}
        >
          <option value="" selected={selection.quarter === undefined}>
            celý rok
          </option>
          {[1, 2, 3, 4].map((q) => (
            <option value={String(q)} selected={selection.quarter === q}>
              {q}. čtvrtletí
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <button type="submit">Zobrazit</button>
      </div>
    </form>
  );
}

function ErrorSummary(props: { errors: SelectionError[] }) {
  return (
    <div class="error-summary" role="alert" aria-labelledby="chyby-nadpis" tabindex={-1}>
      <h2 id="chyby-nadpis">Přehled nelze zobrazit</h2>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Cards(props: { period: PeriodIndicators }) {
  const p = props.period;
  const survey =
    p.surveyResponses === 0
      ? 'zatím bez odpovědí'
      : `${countCs(p.surveyResponses, ANSWERS)}, míra odpovědí ${percent(p.responseRate)}`;
  // Labels name the quantity ("Počet …"), so no card needs a plural form of its number.
  const cards: { label: string; value: string; note?: string }[] = [
    {
      label: 'Počet uskutečněných vzdělávacích akcí se zaměřením na moderní technologie',
      value: String(p.modernTechEventsHeld),
    },
    {
      label: 'Počet subjektů zapojených do vzdělávání v oblasti digitalizace',
      value: String(p.organisationsInvolved),
    },
    { label: 'Uskutečněné akce celkem', value: String(p.eventsHeld) },
    { label: 'Účasti na akcích', value: String(p.participants) },
    { label: 'Proškolené osoby (každá jednou)', value: String(p.distinctPersons) },
    {
      label: 'Registrace',
      value: String(p.registrations),
      ...(p.waitlisted > 0 ? { note: `z toho na čekací listině: ${p.waitlisted}` } : {}),
    },
    {
      label: 'Průměrná spokojenost (1–5)',
      value: p.averageSatisfaction === null ? '–' : decimal(p.averageSatisfaction),
      note: survey,
    },
    {
      label: 'Průměrná užitečnost (1–5)',
      value: p.averageUsefulness === null ? '–' : decimal(p.averageUsefulness),
    },
  ];
  return (
    <ul
      class="stats"
      style="display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr))"
    >
      {cards.map((card) => (
        <li>
          <span>{card.label}</span> <strong>{card.value}</strong>
          {card.note ? <span class="muted">{card.note}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function MonthlyTrend(props: { months: PeriodIndicators[]; caption: string }) {
  const { months } = props;
  const monthNumber = (p: PeriodIndicators) => Number(p.period.slice(1));
  const total = months.reduce((sum, m) => sum + m.participants, 0);
  const busiest = [...months].sort((a, b) => b.participants - a.participants)[0];
  const summary =
    total === 0 || !busiest
      ? 'V tomto období se zatím žádná akce s evidovanou účastí neuskutečnila.'
      : `Celkem ${countCs(total, ATTENDANCES)}; nejvíce ${czechMonths.locative[monthNumber(busiest) - 1] ?? ''} (${busiest.participants}).`;
  const svg = barChartSvg({
    id: 'graf-ucasti',
    title: `Účasti na akcích po měsících – ${props.caption}`,
    description: `${summary} Stejné údaje jsou v tabulce pod grafem.`,
    bars: months.map((m) => ({
      label: czechMonths.short[monthNumber(m) - 1] ?? m.period,
      longLabel: monthNameCs(monthNumber(m)),
      value: m.participants,
    })),
  });
  return (
    <section aria-labelledby="vyvoj">
      <h2 id="vyvoj">Vývoj po měsících</h2>
      <figure style="margin: 0 0 1rem">
        {raw(svg)}
        <figcaption class="muted">{summary}</figcaption>
      </figure>
      <div class="table-wrap">
        <table>
          <caption>Ukazatele po měsících – {props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">Měsíc</th>
              <th scope="col" class="num">
                Akce celkem
              </th>
              <th scope="col" class="num">
                Akce – moderní technologie
              </th>
              <th scope="col" class="num">
                Zapojené subjekty
              </th>
              <th scope="col" class="num">
                Účasti
              </th>
              <th scope="col" class="num">
                Spokojenost
              </th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr>
                <th scope="row">{monthNameCs(monthNumber(m))}</th>
                <td class="num">{m.eventsHeld}</td>
                <td class="num">{m.modernTechEventsHeld}</td>
                <td class="num">{m.organisationsInvolved}</td>
                <td class="num">{m.participants}</td>
                <td class="num">
                  {m.averageSatisfaction === null ? '–' : decimal(m.averageSatisfaction)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Breakdown(props: {
  id: string;
  title: string;
  column: string;
  rows: { label: string; eventsHeld: number; participants: number }[];
}) {
  const rows = props.rows.filter((r) => r.eventsHeld > 0);
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {rows.length === 0 ? (
        <p class="muted">V tomto období se žádná akce neuskutečnila.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{props.column}</th>
                <th scope="col" class="num">
                  Akce
                </th>
                <th scope="col" class="num">
                  Účasti
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row">{r.label}</th>
                  <td class="num">{r.eventsHeld}</td>
                  <td class="num">{r.participants}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Organisations(props: { period: PeriodIndicators }) {
  const { organisations } = props.period;
  return (
    <section aria-labelledby="organizace">
      <h2 id="organizace">Zapojené organizace</h2>
      <p>
        Organizace, za které se někdo zúčastnil akce zaměřené na moderní technologie. Občané bez
        organizace se počítají jako osoby, ne jako subjekty; organizace bez IČO podle názvu.
      </p>
      {organisations.length === 0 ? (
        <p class="muted">Zatím žádné.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{countCs(organisations.length, ORGANISATIONS)}</caption>
            <thead>
              <tr>
                <th scope="col">Organizace</th>
                <th scope="col">IČO</th>
                <th scope="col" class="num">
                  Účasti
                </th>
              </tr>
            </thead>
            <tbody>
              {organisations.map((o) => (
                <tr>
                  <th scope="row">{o.name}</th>
                  <td>{o.ico ?? 'bez IČO'}</td>
                  <td class="num">{o.participants}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The dashboard's selection form again, with what is wrong in the year or the quarter. */
export function DashboardSelectionErrorPage(props: { selection: Selection; csrfToken: string }) {
  return (
    <Layout title="Přehled ukazatelů" organiser csrfToken={props.csrfToken} hasErrors>
      <h1>Přehled ukazatelů</h1>
      <ErrorSummary errors={props.selection.errors} />
      <SelectionForm selection={props.selection} />
    </Layout>
  );
}

/** The organiser's indicator dashboard of the selected year or quarter. */
export function DashboardPage(props: {
  selection: Selection;
  periods: PeriodIndicators[];
  csrfToken: string;
}) {
  const { selection, periods, csrfToken } = props;
  const { year, quarter } = selection;
  const byPeriod = new Map(periods.map((p) => [p.period, p]));
  const periodId: PeriodId = quarter ? (`Q${quarter}` as PeriodId) : 'YEAR';
  const period = byPeriod.get(periodId);
  const caption = `${quarter ? `${periodLabelCs(periodId)} ` : ''}${year}`;
  const months = monthPeriods
    .filter((_, index) => !quarter || Math.floor(index / 3) + 1 === quarter)
    .flatMap((m) => byPeriod.get(m) ?? []);
  return (
    <Layout title={`Přehled ukazatelů ${caption}`} organiser csrfToken={csrfToken}>
      <h1>Přehled ukazatelů – {quarter ? `${periodLabelCs(periodId)} ${year}` : `rok ${year}`}</h1>
      <p class="lead">
        {nbsp(
          `Ukazatele ${actionPlanGenitive}. Počítají se jen akce, které už skončily a nebyly zrušené, vždy v období svého začátku.`,
        )}
      </p>
      <SelectionForm selection={selection} />
      {period ? (
        <>
          <p class="muted">
            Spočítáno {formatPragueDate(period.computedAt)} {formatPragueAtTime(period.computedAt)}{' '}
            ({countCs(period.eventsHeld, EVENTS)}, {countCs(period.distinctPersons, PERSONS)}).
          </p>
          <section aria-labelledby="ukazatele">
            <h2 id="ukazatele">Ukazatele</h2>
            <Cards period={period} />
          </section>
          <MonthlyTrend months={months} caption={caption} />
          <Breakdown
            id="formy"
            title="Akce podle formy"
            column="Forma"
            rows={eventFormats.map((f) => ({
              label: eventFormatLabels[f],
              ...(period.byFormat[f] ?? { eventsHeld: 0, participants: 0 }),
            }))}
          />
          <Breakdown
            id="cilove-skupiny"
            title="Akce podle cílové skupiny"
            column="Cílová skupina"
            rows={targetGroups.map((g) => ({
              label: nbsp(targetGroupLabels[g]),
              ...(period.byTargetGroup[g] ?? { eventsHeld: 0, participants: 0 }),
            }))}
          />
          <Organisations period={period} />
          <CoverageSection year={year} caption={caption} period={period} periods={periods} />
        </>
      ) : (
        <div class="notice">
          <p>
            Za rok {year} zatím nejsou ukazatele spočítané. Noční výpočet běží každý den v&nbsp;1:00
            a&nbsp;počítá letošní a&nbsp;loňský rok.
          </p>
        </div>
      )}
      <section aria-labelledby="stazeni">
        <h2 id="stazeni">Stažení</h2>
        <ul>
          {period ? (
            <>
              <li>
                <a href={`/admin/ukazatele/${year}.csv`} download>
                  Ukazatele za rok {year} (CSV pro Excel)
                </a>
              </li>
              <li>
                <a href={`/admin/ukazatele/${year}.json`} download>
                  Ukazatele za rok {year} (JSON)
                </a>
              </li>
            </>
          ) : null}
          <li>
            Otevřená data pro kohokoli: <code>/api/indicators?year={year}</code>
          </li>
        </ul>
      </section>
    </Layout>
  );
}
