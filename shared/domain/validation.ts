import type * as z from 'zod/mini';
import type { FieldError } from './errors';

type Issue = z.core.$ZodIssue;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Machine codes per field error; clients switch on these, people read the Czech message. zod
 * does not put the offending value on an issue, so the raw input tells "missing" from "wrong".
 */
export function issueCode(issue: Issue, input?: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAt(input, issue.path);
      return value === undefined || value === null || value === '' ? 'required' : 'invalid_type';
    }
    case 'too_small':
      return issue.origin === 'string' && issue.minimum === 1 ? 'required' : 'too_small';
    case 'too_big':
      return issue.origin === 'string' ? 'too_long' : 'too_big';
    case 'invalid_format':
      return issue.format === 'regex' ? 'invalid_format' : `invalid_${issue.format}`;
    case 'invalid_value':
      return 'invalid_option';
    case 'unrecognized_keys':
      return 'unknown_field';
    case 'custom':
      return typeof issue.params?.code === 'string' ? issue.params.code : 'invalid';
    default:
      return 'invalid';
  }
}

const genericMessages: Record<string, string> = {
  required: 'Toto pole je povinné.',
  invalid_type: 'Hodnota má nesprávný typ.',
  too_small: 'Hodnota je příliš malá nebo krátká.',
  too_long: 'Text je příliš dlouhý.',
  too_big: 'Hodnota je příliš velká.',
  invalid_email: 'Zadejte platnou e-mailovou adresu, například jana.novakova@example.cz.',
  invalid_url: 'Zadejte platnou webovou adresu začínající https://.',
  invalid_datetime: 'Zadejte datum a čas.',
  invalid_format: 'Hodnota nemá správný formát.',
  invalid_option: 'Vyberte jednu z nabízených možností.',
  unknown_field: 'Toto pole formulář nezná.',
  invalid: 'Hodnota není platná.',
};

/** Field-specific wording where the generic sentence would not help a person fix the input. */
export type FieldMessages = Record<string, Partial<Record<string, string>>>;

export function toFieldErrors(
  issues: readonly Issue[],
  messages: FieldMessages = {},
  input?: unknown,
): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const field =
      issue.code === 'unrecognized_keys'
        ? [...issue.path, issue.keys[0] ?? ''].join('.')
        : issue.path.join('.') || 'body';
    // One error per field: the first is the one to fix first.
    if (seen.has(field)) continue;
    seen.add(field);
    const code = issueCode(issue, input);
    const message = messages[field]?.[code] ?? genericMessages[code] ?? genericMessages.invalid;
    errors.push({ field, code, message: message as string });
  }
  return errors;
}
