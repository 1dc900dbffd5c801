import { raw } from 'hono/html';
import { ANSWERS, countCs, type PluralForms, pluralCs } from '../../../domain/czech-plural';
import { formatPragueDate, formatPragueRange } from '../../../domain/prague-time';
import { type ScoreSummary, surveyLastDayIso } from '../../../domain/survey';
import type { surveyResults } from '../../../use-cases/surveys';
import { barChartSvg } from '../../charts';
import { Layout } from '../layout';
import { questions, satisfactionChoices, usefulnessChoices } from '../survey-form-page';
import { nbsp } from '../typography';

// Made on first render, not at import: the organiser function's cold start needs neither.
let formats: { score: Intl.NumberFormat; percent: Intl.NumberFormat } | undefined;
const numberFormats = () =>
  (formats ??= {
    score: new Intl.NumberFormat('cs-CZ', { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
    percent: new Intl.NumberFormat('cs-CZ', { style: 'percent', maximumFractionDigits: 0 }),
  });

const PRESENT: PluralForms = {
  one: 'přítomná osoba',
  few: 'přítomné osoby',
  many: 'přítomných osob',
};
const INVITED: PluralForms = { one: 'pozvaná osoba', few: 'pozvané osoby', many: 'pozvaných osob' };

/** Answers per choice as horizontal bars, each described with its count in words. */
function AnswerChart(props: { id: string; title: string; labels: string[]; counts: number[] }) {
  const svg = barChartSvg({
    id: props.id,
    title: props.title,
    orientation: 'horizontal',
    description: props.labels
      .map((label, i) => `${label}: ${countCs(props.counts[i] ?? 0, ANSWERS)}`)
      .join(', '),
    bars: props.labels.map((label, i) => ({ label, value: props.counts[i] ?? 0 })),
  });
  return raw(svg);
}

function ScoreSection(props: {
  id: string;
  question: string;
  labels: string[];
  scores: ScoreSummary;
}) {
  const { scores } = props;
  const total = scores.distribution.reduce((sum, n) => sum + n, 0);
  return (
    <section aria-labelledby={`${props.id}-nadpis`}>
      <h2 id={`${props.id}-nadpis`}>{props.question}</h2>
      <p>
        Průměr:{' '}
        <strong>
          {scores.average === undefined
            ? '–'
            : `${numberFormats().score.format(scores.average)} z 5`}
        </strong>
      </p>
      <AnswerChart
        id={`${props.id}-graf`}
        title={`Rozložení odpovědí: ${props.question}`}
        labels={props.labels}
        counts={[...scores.distribution]}
      />
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Počty odpovědí: {props.question}</caption>
          <thead>
            <tr>
              <th scope="col">Odpověď</th>
              <th scope="col" class="num">
                Počet
              </th>
              <th scope="col" class="num">
                Podíl
              </th>
            </tr>
          </thead>
          <tbody>
            {scores.distribution.map((count, i) => (
              <tr>
                <th scope="row">{props.labels[i]}</th>
                <td class="num">{count}</td>
                <td class="num">{total ? numberFormats().percent.format(count / total) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Free text as typed: line breaks kept, everything escaped. */
function MultilineText(props: { text: string }) {
  const lines = props.text.split(/\r?\n/);
  return (
    <>
      {lines.map((line, i) => (
        <>
          {i > 0 ? <br /> : null}
          {line}
        </>
      ))}
    </>
  );
}

export function SurveyResultsPage(props: {
  results: Awaited<ReturnType<typeof surveyResults>>;
  csrfToken: string;
}) {
  const { event, summary, run, attendees, invited, responseRate } = props.results;
  const stateText =
    !run || run.state === 'inactive'
      ? 'Dotazník se u této akce neposílá (akce není zveřejněná nebo byla zrušena).'
      : run.state === 'scheduled'
        ? `Pozvánky k dotazníku odejdou ${formatPragueDate(run.opensAt)} ráno.`
        : run.state === 'closed'
          ? `Dotazník je uzavřený (odpovídat šlo do ${formatPragueDate(surveyLastDayIso(run.closesAt))}).`
          : `Dotazník je otevřený do ${formatPragueDate(surveyLastDayIso(run.closesAt))}.`;
  const stateSentence = nbsp(stateText);
  const basisText =
    run?.basis === 'registration'
      ? 'Přítomnost nebyla zaznamenána, pozvánky proto dostali všichni s potvrzenou registrací.'
      : run?.basis === 'attendance'
        ? 'Pozvánky dostali ti, kdo byli označeni jako přítomní.'
        : undefined;
  return (
    <Layout title={`Dotazník: ${event.title}`} organiser={true} csrfToken={props.csrfToken}>
      <p class="breadcrumbs">
        <a href="/admin">Akce</a> › <a href={`/admin/akce/${event.id}`}>{event.title}</a>
      </p>
      <h1>Výsledky dotazníku</h1>
      <p class="lead">
        {event.title}
        <br />
        {formatPragueRange(event.startsAt, event.endsAt)}
      </p>
      <p>{stateSentence}</p>
      {basisText ? <p>{basisText}</p> : null}
      <ul class="stats">
        <li>
          <strong>{summary.responses}</strong> {pluralCs(summary.responses, ANSWERS)}
        </li>
        <li>
          <strong>{invited}</strong> {pluralCs(invited, INVITED)}
        </li>
        <li>
          <strong>
            {responseRate === undefined ? '–' : numberFormats().percent.format(responseRate)}
          </strong>{' '}
          návratnost
        </li>
        <li>
          <strong>{attendees}</strong> {pluralCs(attendees, PRESENT)} podle prezence
        </li>
      </ul>
      {summary.responses === 0 ? (
        <p>Zatím nikdo neodpověděl.</p>
      ) : (
        <>
          <ScoreSection
            id="spokojenost"
            question={questions.satisfaction}
            labels={satisfactionChoices.map((c) => c.label)}
            scores={summary.satisfaction}
          />
          <ScoreSection
            id="uzitecnost"
            question={questions.usefulness}
            labels={usefulnessChoices.map((c) => c.label)}
            scores={summary.usefulness}
          />
          <section aria-labelledby="doporuceni-nadpis">
            <h2 id="doporuceni-nadpis">{questions.recommend}</h2>
            <AnswerChart
              id="doporuceni-graf"
              title={`Rozložení odpovědí: ${questions.recommend}`}
              labels={['ano', 'ne', 'bez odpovědi']}
              counts={[summary.recommend.yes, summary.recommend.no, summary.recommend.unanswered]}
            />
            <ul>
              <li>ano: {countCs(summary.recommend.yes, ANSWERS)}</li>
              <li>ne: {countCs(summary.recommend.no, ANSWERS)}</li>
              <li>bez odpovědi: {countCs(summary.recommend.unanswered, ANSWERS)}</li>
            </ul>
          </section>
          <section aria-labelledby="zlepseni-nadpis">
            <h2 id="zlepseni-nadpis">{questions.comment}</h2>
            {summary.comments.length ? (
              <ul>
                {summary.comments.map((text) => (
                  <li>
                    <MultilineText text={text} />
                  </li>
                ))}
              </ul>
            ) : (
              <p>Žádné komentáře.</p>
            )}
          </section>
          <section aria-labelledby="temata-nadpis">
            <h2 id="temata-nadpis">{questions.topics}</h2>
            {summary.topics.length ? (
              <ul>
                {summary.topics.map((text) => (
                  <li>
                    <MultilineText text={text} />
                  </li>
                ))}
              </ul>
            ) : (
              <p>Žádné návrhy témat.</p>
            )}
          </section>
        </>
      )}
    </Layout>
  );
}
