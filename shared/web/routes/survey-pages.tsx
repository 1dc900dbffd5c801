import { type Context, Hono } from 'hono';
import { NotFoundError, ValidationError } from '../../domain/errors';
import { verifyToken } from '../../domain/signed-link';
import { answerSurvey, surveyLinkState, surveyResults } from '../../use-cases/surveys';
import { organiserCsrfToken, requireOrganiserPage } from '../auth';
import type { AppDeps, SiteDeps } from '../deps';
import { surveyAnswerFromForm } from '../form-input';
import { parseRegistrationRef } from '../links';
import { SurveyResultsPage } from '../pages/admin/survey-results-page';
import { MessagePage } from '../pages/error-pages';
import { toFormErrors } from '../pages/form-components';
import {
  alreadyAnswered,
  closed,
  invalidLink,
  SurveyFormPage,
  surveyFieldIds,
  thanks,
} from '../pages/survey-form-page';
import { paths } from '../paths';
import { readBody } from '../request-body';

const apiMessage = (code: string, text: { title: string; message: string }) => ({
  errors: [{ field: 'token', code, message: `${text.title}. ${text.message}` }],
});

/** Public survey pages: one signed link per invitation, no sign-in. */
export function surveyPageRoutes(deps: SiteDeps): Hono {
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
          errors={toFormErrors(error.errors, (field) => surveyFieldIds[field])}
        />,
        400,
      );
    }
  });

  return pages;
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
