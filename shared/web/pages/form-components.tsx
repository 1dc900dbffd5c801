import type { Child } from 'hono/jsx';
import { countCs } from '../../domain/czech-plural';
import type { FieldError } from '../../domain/errors';
import { nbsp } from './typography';

/**
 * Form building blocks following the GOV.UK pattern that Czech public-sector guidance also
 * recommends: an error summary at the top that links to each field, the message next to the
 * field bound with aria-describedby, browser validation switched off (`novalidate`) so every
 * person gets the same Czech messages, and the entered values kept.
 */

/** One problem to show: `id` is the form control it belongs to (undefined: not linkable). */
export interface FormError {
  id: string | undefined;
  message: string;
}

export type FieldMessageOverrides = Record<string, Partial<Record<string, string>>>;

/**
 * Maps the use case's field errors ("organisation.ico", "topics.2") onto form control ids.
 * `overrides` replace messages for fields the domain only words generically.
 */
export function toFormErrors(
  errors: readonly FieldError[],
  idFor: (field: string) => string | undefined,
  overrides: FieldMessageOverrides = {},
): FormError[] {
  const seen = new Set<string>();
  const result: FormError[] = [];
  for (const error of errors) {
    const id = idFor(error.field);
    const key = id ?? `:${error.field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const root = error.field.split('.')[0] ?? error.field;
    const message =
      overrides[error.field]?.[error.code] ?? overrides[root]?.[error.code] ?? error.message;
    result.push({ id, message });
  }
  return result;
}

export function errorFor(errors: readonly FormError[], id: string): string | undefined {
  return errors.find((e) => e.id === id)?.message;
}

const PROBLEMS = { one: 'chybu', few: 'chyby', many: 'chyb' };

export function ErrorSummary(props: { errors: readonly FormError[] }) {
  if (props.errors.length === 0) return null;
  return (
    // autofocus moves keyboard and screen reader focus here on load, without any script.
    <div
      class="error-summary"
      id="chyby"
      role="alert"
      tabindex={-1}
      autofocus
      aria-labelledby="chyby-nadpis"
    >
      <h2 id="chyby-nadpis">
        {props.errors.length === 1
          ? 'Formulář obsahuje chybu'
          : nbsp(`Formulář obsahuje ${countCs(props.errors.length, PROBLEMS)}`)}
      </h2>
      <ul>
        {props.errors.map((error) => (
          <li>
            {error.id ? <a href={`#${error.id}`}>{nbsp(error.message)}</a> : nbsp(error.message)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function describedBy(...ids: unknown[]): string | undefined {
  const present = ids.filter((id): id is string => typeof id === 'string' && id !== '');
  return present.length ? present.join(' ') : undefined;
}

function Label(props: { for: string; label: string; optional?: boolean }) {
  return (
    <label for={props.for}>
      {nbsp(props.label)}
      {props.optional ? <span class="optional"> (nepovinné)</span> : null}
    </label>
  );
}

function Hint(props: { id: string; hint?: Child }) {
  return props.hint ? (
    <p class="hint" id={`${props.id}-napoveda`}>
      {typeof props.hint === 'string' ? nbsp(props.hint) : props.hint}
    </p>
  ) : null;
}

function FieldMessage(props: { id: string; error?: string }) {
  return props.error ? (
    <p class="field-message" id={`${props.id}-chyba`}>
      <span class="visually-hidden">Chyba: </span>
      {nbsp(props.error)}
    </p>
  ) : null;
}

interface FieldProps {
  id: string;
  name?: string;
  label: string;
  hint?: Child;
  value?: string;
  error?: string;
  optional?: boolean;
}

export function TextField(
  props: FieldProps & {
    type?: 'text' | 'email' | 'url' | 'number' | 'password' | 'datetime-local';
    autocomplete?: string;
    inputmode?: 'numeric' | 'email' | 'url' | 'text';
    spellcheck?: boolean;
    class?: string;
    min?: string;
    max?: string;
  },
) {
  return (
    <div class={props.error ? 'field field-error-group' : 'field'}>
      <Label for={props.id} label={props.label} optional={props.optional} />
      <Hint id={props.id} hint={props.hint} />
      <FieldMessage id={props.id} error={props.error} />
      <input
        id={props.id}
        name={props.name ?? props.id}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        class={props.class}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        spellcheck={props.spellcheck}
        min={props.min}
        max={props.max}
        required={!props.optional}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(
          props.hint && `${props.id}-napoveda`,
          props.error && `${props.id}-chyba`,
        )}
      />
    </div>
  );
}

export function TextArea(props: FieldProps & { rows?: number }) {
  return (
    <div class={props.error ? 'field field-error-group' : 'field'}>
      <Label for={props.id} label={props.label} optional={props.optional} />
      <Hint id={props.id} hint={props.hint} />
      <FieldMessage id={props.id} error={props.error} />
      <textarea
        id={props.id}
        name={props.name ?? props.id}
        rows={props.rows ?? 6}
        required={!props.optional}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(
          props.hint && `${props.id}-napoveda`,
          props.error && `${props.id}-chyba`,
        )}
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
}

export function SelectField(props: FieldProps & { choices: readonly Choice[] }) {
  return (
    <div class={props.error ? 'field field-error-group' : 'field'}>
      <Label for={props.id} label={props.label} optional={props.optional} />
      <Hint id={props.id} hint={props.hint} />
      <FieldMessage id={props.id} error={props.error} />
      <select
        id={props.id}
        name={props.name ?? props.id}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(
          props.hint && `${props.id}-napoveda`,
          props.error && `${props.id}-chyba`,
        )}
      >
        {props.choices.map((choice) => (
          <option value={choice.value} selected={choice.value === props.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The id of one radio button; the first one is where the error summary links to. */
export const choiceId = (groupId: string, value: string) => `${groupId}-${value}`;

/** Radio buttons in a fieldset; the legend names the group, the message sits under it. */
export function RadioGroup(
  props: Omit<FieldProps, 'value'> & { value?: string; choices: readonly Choice[] },
) {
  const hintId = props.hint ? `${props.id}-napoveda` : undefined;
  const errorId = props.error ? `${props.id}-chyba` : undefined;
  return (
    <fieldset
      class={props.error ? 'field field-error-group' : 'field'}
      aria-describedby={describedBy(hintId, errorId)}
    >
      <legend>
        {nbsp(props.label)}
        {props.optional ? <span class="optional"> (nepovinné)</span> : null}
      </legend>
      <Hint id={props.id} hint={props.hint} />
      <FieldMessage id={props.id} error={props.error} />
      {props.choices.map((choice) => {
        const id = choiceId(props.id, choice.value);
        return (
          <div class="choice">
            <input
              type="radio"
              id={id}
              name={props.name ?? props.id}
              value={choice.value}
              checked={choice.value === props.value}
              required={!props.optional}
              aria-invalid={props.error ? 'true' : undefined}
            />
            <label for={id}>{nbsp(choice.label)}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

/** Check boxes that each send their own field (`<name>-<value>=on`), since a form body keeps one value per name. */
export function CheckboxGroup(props: {
  id: string;
  label: string;
  hint?: Child;
  error?: string;
  choices: readonly Choice[];
  checked: ReadonlySet<string>;
}) {
  const hintId = props.hint ? `${props.id}-napoveda` : undefined;
  const errorId = props.error ? `${props.id}-chyba` : undefined;
  return (
    <fieldset
      class={props.error ? 'field field-error-group' : 'field'}
      aria-describedby={describedBy(hintId, errorId)}
    >
      <legend>{nbsp(props.label)}</legend>
      <Hint id={props.id} hint={props.hint} />
      <FieldMessage id={props.id} error={props.error} />
      <div class="columns">
        {props.choices.map((choice) => {
          const id = choiceId(props.id, choice.value);
          return (
            <div class="choice">
              <input type="checkbox" id={id} name={id} checked={props.checked.has(choice.value)} />
              <label for={id}>{nbsp(choice.label)}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/** A single check box; its hint may hold a link (consent and the information notice). */
export function Checkbox(props: {
  id: string;
  name?: string;
  label: Child;
  hint?: Child;
  checked: boolean;
  error?: string;
  required?: boolean;
}) {
  return (
    <div class={props.error ? 'field field-error-group' : 'field'}>
      <FieldMessage id={props.id} error={props.error} />
      <div class="choice">
        <input
          type="checkbox"
          id={props.id}
          name={props.name ?? props.id}
          checked={props.checked}
          required={props.required}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy(
            props.hint && `${props.id}-napoveda`,
            props.error && `${props.id}-chyba`,
          )}
        />
        <label for={props.id}>{props.label}</label>
      </div>
      <Hint id={props.id} hint={props.hint} />
    </div>
  );
}
