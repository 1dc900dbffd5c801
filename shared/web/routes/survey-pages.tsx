import { type Context, Hono } from 'hono';
import { ANSWERS, countCs, type PluralForms, pluralCs } from '../../domain/czech-plural';
import { NotFoundError, ValidationError } from '../../domain/errors';
import type { TrainingEvent } from '../../domain/event';
import { formatPragueDate, formatPragueRange } from '../../domain/prague-time';
import { verifyToken } from '../../domain/signed-link';
import { type ScoreSummary, surveyLastDayIso } from '../../domain/survey';
import { answerSurvey, surveyLinkState, surveyResults } from '../../use-cases/surveys';
import { organiserCsrfToken, requireOrganiserPage } from '../auth';
import type { AppDeps } from '../deps';
import { surveyAnswerFromForm } from '../form-input';
import { parseRegistrationRef } from '../links';
import { MessagePage } from '../pages/error-pages';
import {
  choiceId,
  ErrorSummary,
  errorFor,
  type FormError,
  RadioGroup,
  TextArea,
  toFormErrors,
} from '../pages/form-components';
import { Layout } from '../pages/layout';
import { nbsp } from '../pages/typography';
import { paths } from '../paths';
import { readBody } from '../request-body';

const satisfactionChoices = [
  { value: '1', label: '1 – velmi nespokojeni' },
  { value: '2', label: '2 – spíše nespokojeni' },
  { value: '3', label: '3 – ani spokojeni, ani nespokojeni' },
  { value: '4', label: '4 – spíše spokojeni' },
  { value: '5', label: '5 – velmi spokojeni' },
];
const usefulnessChoices = [
  { value: '1', label: '1 – vůbec neužitečná' },
  { value: '2', label: '2 – spíše neužitečná' },
  { value: '3', label: '3 – částečně užitečná' },
  { value: '4', label: '4 – spíše užitečná' },
  { value: '5', label: '5 – velmi užitečná' },
];
const recommendChoices = [
  { value: 'ano', label: 'ano' },
  { value: 'ne', label: 'ne' },
];

const questions = {
  satisfaction: 'Jak jste byli s akcí celkově spokojeni?',
  usefulness: 'Jak užitečná pro vaši práci akce byla?',
  recommend: 'Doporučili byste akci kolegům?',
  comment: 'Co bychom mohli zlepšit?',
  topics: 'Jaká témata byste chtěli příště?',
};

/** Where the error summary links to: the first radio of a group, or the text area. */
const fieldIds: Record<string, string> = {
  satisfaction: choiceId('satisfaction', '1'),
  usefulness: choiceId('usefulness', '1'),
  recommend: choiceId('recommend', 'ano'),
  comment: 'comment',
  topics: 'topics',
};

function SurveyFormPage(props: {
  event: TrainingEvent;
  closesAt: string;
  action: string;
  values: Record<string, string>;
  errors: FormError[];
}) {
  const { event, values, errors } = props;
  // Radio groups carry their message on the group; the summary links to the first radio.
  const groupError = (field: string) => errorFor(errors, fieldIds[field] ?? field);
  return (
    <Layout title="Dotazník spokojenosti" narrow={true} hasErrors={errors.length > 0}>
      <h1>Dotazník spokojenosti</h1>
      <p class="lead">
        {event.title}
        <br />
        {formatPragueRange(event.startsAt, event.endsAt)}
      </p>
      <p>
        Děkujeme, že jste přišli. Vyplnění zabere asi dvě minuty a pomůže nám připravit další akce.
        Odpovědi jsou anonymní: neukládáme k nim vaše jméno, e-mail ani přesný čas odeslání.
        Odpovídat můžete do {formatPragueDate(surveyLastDayIso(props.closesAt))}.
      </p>
      <p>
        {nbsp(
          'Dotazník je nepovinný. Odesláním odpovědí souhlasíte s jejich zpracováním pro vyhodnocení akcí (čl. 6 odst. 1 písm. a) GDPR).',
        )}{' '}
        <a href="/ochrana-osobnich-udaju">Informace o&nbsp;zpracování osobních údajů</a>
      </p>
      <ErrorSummary errors={errors} />
      <form method="post" action={props.action} novalidate>
        <RadioGroup
          id="satisfaction"
          label={questions.satisfaction}
          choices={satisfactionChoices}
          value={values.satisfaction}
          error={groupError('satisfaction')}
        />
        <RadioGroup
          id="usefulness"
          label={questions.usefulness}
          choices={usefulnessChoices}
          value={values.usefulness}
          error={groupError('usefulness')}
        />
        <RadioGroup
          id="recommend"
          label={questions.recommend}
          choices={recommendChoices}
          value={values.recommend}
          error={groupError('recommend')}
          optional={true}
        />
        <TextArea
          id="comment"
          label={questions.comment}
          optional={true}
          rows={5}
          value={values.comment}
          error={errorFor(errors, 'comment')}
        />
        <TextArea
          id="topics"
          label={questions.topics}
          optional={true}
          rows={4}
          value={values.topics}
          error={errorFor(errors, 'topics')}
        />
        <button type="submit">Odeslat odpovědi</button>
      </form>
    </Layout>
  );
}

const thanks = {
  title: 'Děkujeme za odpovědi',
  message: 'Vaše odpovědi jsme uložili. Pomohou nám připravit další akce ještě lépe.',
};
const alreadyAnswered = {
  title: 'Už jste odpověděli, děkujeme',
  message:
    'Na tento dotazník jste už odpověděli. Každý odkaz lze použít jen jednou, aby se žádná odpověď nezapočítala dvakrát.',
};
const closed = {
  title: 'Dotazník je uzavřený',
  message:
    'Na tento dotazník už nelze odpovídat, protože doba pro odpovědi skončila. Děkujeme za váš zájem.',
};
const invalidLink = {
  title: 'Odkaz na dotazník neplatí',
  message:
    'Tento odkaz na dotazník neznáme. Zkontrolujte prosím, že jste ho z e-mailu zkopírovali celý.',
};

const apiMessage = (code: string, text: { title: string; message: string }) => ({
  errors: [{ field: 'token', code, message: `${text.title}. ${text.message}` }],
});

/** Public survey pages: one signed link per invitation, no sign-in. */
export function surveyPageRoutes(deps: AppDeps): Hono {
  const pages = new Hono();

  const verify = (c: Context) =>
    verifyToken(
      deps.linkKeys ?? deps.linkSecret,
      c.req.param('token') ?? '',
      'survey',
      deps.now().getTime(),
    );
  const resolve = (c: Context) => {
    const verified = verify(c);
    return verified.ok ? parseRegistrationRef(verified.id) : undefined;
  };
  /** A genuine link past the expiry signed into it: the survey has closed, and the page says so. */
  const expired = (c: Context) => {
    const verified = verify(c);
    return !verified.ok && verified.reason === 'expired';
  };

  pages.get(paths.survey.pattern, async (c) => {
    c.header('Cache-Control', 'no-store');
    if (expired(c)) return c.html(<MessagePage {...closed} />, 410);
    const ref = resolve(c);
    const state = ref ? await surveyLinkState(deps, ref.eventId, ref.registrationId) : undefined;
    if (!state || state.state === 'not-found') return c.html(<MessagePage {...invalidLink} />, 404);
    if (state.state === 'answered') return c.html(<MessagePage {...alreadyAnswered} />, 200);
    if (state.state === 'closed') return c.html(<MessagePage {...closed} />, 410);
    return c.html(
      <SurveyFormPage
        event={state.event}
        closesAt={state.closesAt}
        action={c.req.path}
        values={{}}
        errors={[]}
      />,
    );
  });

  /**
   * JSON (`{ satisfaction, usefulness, recommend?, comment?, topics? }`) or the HTML form.
   * 201 once; 409 for a second answer; 410 after the survey closed; 400 with per-field errors.
   */
  pages.post(paths.survey.pattern, async (c) => {
    c.header('Cache-Control', 'no-store');
    const body = await readBody(c);
    if (body.kind === 'error') return body.response;
    const json = body.kind === 'json';
    if (expired(c)) {
      return json
        ? c.json(apiMessage('survey_closed', closed), 410)
        : c.html(<MessagePage {...closed} />, 410);
    }
    const ref = resolve(c);
    const state = ref ? await surveyLinkState(deps, ref.eventId, ref.registrationId) : undefined;
    if (!ref || !state || state.state === 'not-found') {
      return json
        ? c.json(apiMessage('not_found', invalidLink), 404)
        : c.html(<MessagePage {...invalidLink} />, 404);
    }
    const respond = (outcome: 'answered' | 'already-answered' | 'closed' | 'not-invited') => {
      switch (outcome) {
        case 'answered':
          return json
            ? c.json({ status: 'answered', message: thanks.message }, 201)
            : c.html(<MessagePage {...thanks} />, 201);
        case 'already-answered':
          return json
            ? c.json(apiMessage('already_answered', alreadyAnswered), 409)
            : c.html(<MessagePage {...alreadyAnswered} />, 409);
        case 'closed':
          return json
            ? c.json(apiMessage('survey_closed', closed), 410)
            : c.html(<MessagePage {...closed} />, 410);
        default:
          return json
            ? c.json(apiMessage('not_found', invalidLink), 404)
            : c.html(<MessagePage {...invalidLink} />, 404);
      }
    };
    if (state.state !== 'open') {
      return respond(state.state === 'answered' ? 'already-answered' : 'closed');
    }
    const input = body.kind === 'form' ? surveyAnswerFromForm(body.value) : body.value;
    try {
      return respond(await answerSurvey(deps, ref.eventId, ref.registrationId, input));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      if (json) return c.json({ errors: error.errors }, 400);
      return c.html(
        <SurveyFormPage
          event={state.event}
          closesAt={state.closesAt}
          action={c.req.path}
          values={body.kind === 'form' ? body.value : {}}
          errors={toFormErrors(error.errors, (field) => fieldIds[field])}
        />,
        400,
      );
    }
  });

  return pages;
}

const numberCs = new Intl.NumberFormat('cs-CZ', {
  maximumFractionDigits: 1,
  minimumFractionDigits: 1,
});
const percentCs = new Intl.NumberFormat('cs-CZ', { style: 'percent', maximumFractionDigits: 0 });

const PRESENT: PluralForms = {
  one: 'přítomná osoba',
  few: 'přítomné osoby',
  many: 'přítomných osob',
};
const INVITED: PluralForms = { one: 'pozvaná osoba', few: 'pozvané osoby', many: 'pozvaných osob' };

/**
 * A horizontal bar chart drawn on the server: no script, prints well, and the same numbers are
 * in the table next to it for screen readers and copying.
 */
function BarChart(props: { id: string; title: string; labels: string[]; counts: number[] }) {
  const max = Math.max(1, ...props.counts);
  const rowHeight = 34;
  const labelWidth = 190;
  const barWidth = 300;
  const height = props.counts.length * rowHeight + 10;
  const description = props.labels
    .map((label, i) => `${label}: ${countCs(props.counts[i] ?? 0, ANSWERS)}`)
    .join(', ');
  return (
    <svg
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      viewBox={`0 0 ${labelWidth + barWidth + 60} ${height}`}
      width="100%"
      style="max-width: 34rem; height: auto;"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{description}</desc>
      {props.counts.map((count, i) => {
        const y = 5 + i * rowHeight;
        const width = Math.round((count / max) * barWidth);
        return (
          <g>
            <text x={labelWidth - 8} y={y + 21} text-anchor="end" font-size="15" fill="#1b1f24">
              {props.labels[i]}
            </text>
            <rect
              x={labelWidth}
              y={y + 4}
              width={Math.max(width, 1)}
              height={rowHeight - 10}
              fill="#0b5cab"
            />
            <text x={labelWidth + Math.max(width, 1) + 6} y={y + 21} font-size="15" fill="#1b1f24">
              {String(count)}
            </text>
          </g>
        );
      })}
    </svg>
  );
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
          {scores.average === undefined ? '–' : `${numberCs.format(scores.average)} z 5`}
        </strong>
      </p>
      <BarChart
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
                <td class="num">{total ? percentCs.format(count / total) : '–'}</td>
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

function SurveyResultsPage(props: {
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
          <strong>{responseRate === undefined ? '–' : percentCs.format(responseRate)}</strong>{' '}
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
            <BarChart
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

/** The organiser's survey results page; mounted under /admin. */
export function surveyAdminPageRoutes(deps: AppDeps): Hono {
  const pages = new Hono();
  pages.get('/akce/:id/dotaznik', requireOrganiserPage(deps.auth), async (c) => {
    const csrfToken = organiserCsrfToken(c, deps.auth, deps.linkSecret);
    try {
      const results = await surveyResults(deps, c.req.param('id'));
      c.header('Cache-Control', 'no-store');
      return c.html(<SurveyResultsPage results={results} csrfToken={csrfToken} />);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      return c.html(
        <MessagePage
          title="Akce nenalezena"
          message="Tuto akci jsme nenašli."
          organiser={true}
          csrfToken={csrfToken}
        />,
        404,
      );
    }
  });
  return pages;
}
