import { describe, expect, it } from 'vitest';
import {
  normaliseEmail,
  registrationFieldMessages,
  registrationInputSchema,
} from '../../shared/domain/registration';
import { toFieldErrors } from '../../shared/domain/validation';
import { registrationFromForm } from '../../shared/web/form-input';

const valid = {
  name: '  Jana Nováková ',
  email: ' Jana.Novakova@Example.CZ ',
  role: 'clerk',
  organisation: { name: 'Město Česká Lípa', ico: '002 604 28' },
  consent: true,
};

function errors(input: unknown) {
  const result = registrationInputSchema.safeParse(input);
  return result.success ? [] : toFieldErrors(result.error.issues, registrationFieldMessages, input);
}

describe('registration input', () => {
  it('trims, lower-cases the email and normalises the IČO', () => {
    const parsed = registrationInputSchema.parse(valid);
    expect(parsed.name).toBe('Jana Nováková');
    expect(parsed.email).toBe('jana.novakova@example.cz');
    expect(parsed.organisation?.ico).toBe('00260428');
    expect(normaliseEmail(' A@B.CZ ')).toBe('a@b.cz');
  });

  it('lets citizens register without an organisation but not clerks', () => {
    expect(errors({ ...valid, role: 'citizen', organisation: undefined })).toEqual([]);
    expect(errors({ ...valid, organisation: undefined })).toEqual([
      {
        field: 'organisation.name',
        code: 'required',
        message: 'Vyplňte název úřadu nebo organizace, za kterou se registrujete.',
      },
    ]);
  });

  it('tells a malformed IČO from one whose check digit is wrong', () => {
    expect(errors({ ...valid, organisation: { name: 'X', ico: '1234' } })[0]?.code).toBe(
      'invalid_ico_format',
    );
    expect(errors({ ...valid, organisation: { name: 'X', ico: '00260429' } })[0]?.code).toBe(
      'invalid_ico_checksum',
    );
    expect(errors({ ...valid, organisation: { name: 'X', ico: '' } })).toEqual([]);
  });

  it('requires consent and an empty honeypot', () => {
    expect(errors({ ...valid, consent: false })[0]).toMatchObject({
      field: 'consent',
      code: 'invalid_option',
    });
    expect(errors({ ...valid, website: 'http://spam' })[0]).toMatchObject({
      field: 'website',
      code: 'too_long',
    });
  });

  it('maps the flat HTML form onto the JSON shape', () => {
    expect(
      registrationFromForm({
        name: 'Petr Novák',
        email: 'petr@example.cz',
        role: 'mayor',
        organisationName: 'Obec Rádlo',
        ico: '',
        consent: 'on',
        website: '',
      }),
    ).toEqual({
      name: 'Petr Novák',
      email: 'petr@example.cz',
      role: 'mayor',
      organisation: { name: 'Obec Rádlo', ico: '' },
      consent: true,
      website: '',
    });
    expect(registrationFromForm({ name: 'A' })).toMatchObject({
      consent: undefined,
      organisation: undefined,
    });
  });
});
