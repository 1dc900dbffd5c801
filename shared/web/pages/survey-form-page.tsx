import type { TrainingEvent } from '../../domain/event';
import { formatPragueDate, formatPragueRange } from '../../domain/prague-time';
import { surveyLastDayIso } from '../../domain/survey';
import {
  choiceId,
  ErrorSummary,
  errorFor,
  type FormError,
  RadioGroup,
  TextArea,
} from './form-components';
import { Layout } from './layout';
import { nbsp } from './typography';

export const satisfactionChoices = [
  { value: '1', label: '1 – velmi nespokojeni' },
  { value: '2', label: '2 – spíše nespokojeni' },
  { value: '3', label: '3 – ani spokojeni, ani nespokojeni' },
  { value: '4', label: '4 – spíše spokojeni' },
  { value: '5', label: '5 – velmi spokojeni' },
];
export const usefulnessChoices = [
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

export const questions = {
  satisfaction: 'Jak jste byli s akcí celkově spokojeni?',
  usefulness: 'Jak užitečná pro vaši práci akce byla?',
  recommend: 'Doporučili byste akci kolegům?',
  comment: 'Co bychom mohli zlepšit?',
  topics: 'Jaká témata byste chtěli příště?',
};

/** Where the error summary links to: the first radio of a group, or the text area. */
export const surveyFieldIds: Record<string, string> = {
  satisfaction: choiceId('satisfaction', '1'),
  usefulness: choiceId('usefulness', '1'),
  recommend: choiceId('recommend', 'ano'),
  comment: 'comment',
  topics: 'topics',
};

export function SurveyFormPage(props: {
  event: TrainingEvent;
  closesAt: string;
  action: string;
  values: Record<string, string>;
  errors: FormError[];
}) {
  const { event, values, errors } = props;
  // Radio groups carry their message on the group; the summary links to the first radio.
  const groupError = (field: string) => errorFor(errors, surveyFieldIds[field] ?? field);
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

/** What the survey link's pages say, on their own and in the JSON answers. */
export const thanks = {
  title: 'Děkujeme za odpovědi',
  message: 'Vaše odpovědi jsme uložili. Pomohou nám připravit další akce ještě lépe.',
};
export const alreadyAnswered = {
  title: 'Už jste odpověděli, děkujeme',
  message:
    'Na tento dotazník jste už odpověděli. Každý odkaz lze použít jen jednou, aby se žádná odpověď nezapočítala dvakrát.',
};
export const closed = {
  title: 'Dotazník je uzavřený',
  message:
    'Na tento dotazník už nelze odpovídat, protože doba pro odpovědi skončila. Děkujeme za váš zájem.',
};
export const invalidLink = {
  title: 'Odkaz na dotazník neplatí',
  message:
    'Tento odkaz na dotazník neznáme. Zkontrolujte prosím, že jste ho z e-mailu zkopírovali celý.',
};
