import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors';
import { eventPhase, newEvent, registrationWindow, seatsLeft } from '../../shared/domain/event';
import { parseEventInput } from '../../shared/use-cases/manage-events';

const base = {
  title: 'IT bezpečnost pro koncové uživatele',
  startsAt: '2025-10-29T08:00:00.000Z',
  endsAt: '2025-10-29T12:00:00.000Z',
  venue: 'Jablonec nad Nisou',
  capacity: 50,
  modernTechFocus: true,
};

function fieldCodes(raw: unknown): Record<string, string> {
  try {
    parseEventInput(raw);
  } catch (error) {
    if (error instanceof ValidationError) {
      return Object.fromEntries(error.errors.map((e) => [e.field, e.code]));
    }
    throw error;
  }
  return {};
}

describe('event input', () => {
  it('fills sensible defaults and publishes unless asked for a draft', () => {
    const input = parseEventInput(base);
    expect(input).toMatchObject({
      format: 'training',
      status: 'published',
      topics: [],
      targetGroups: [],
    });
    expect(parseEventInput({ ...base, status: 'draft' }).status).toBe('draft');
  });

  it('stores every instant in UTC whatever offset it came with', () => {
    const input = parseEventInput({
      ...base,
      startsAt: '2025-10-29T09:00:00+01:00',
      endsAt: '2025-10-29T13:00:00+01:00',
      registrationClosesAt: '2025-10-28T12:00:00.000Z',
    });
    expect(input.startsAt).toBe('2025-10-29T08:00:00.000Z');
    expect(input.endsAt).toBe('2025-10-29T12:00:00.000Z');
    expect(input.registrationClosesAt).toBe('2025-10-28T12:00:00.000Z');
  });

  it('names each wrong field with a machine code and a Czech message', () => {
    expect(fieldCodes({ ...base, endsAt: base.startsAt })).toEqual({ endsAt: 'ends_before_start' });
    expect(fieldCodes({ ...base, capacity: 0 })).toEqual({ capacity: 'too_small' });
    expect(fieldCodes({ ...base, capacity: 2.5 })).toEqual({ capacity: 'invalid_type' });
    expect(fieldCodes({ ...base, title: '   ' })).toEqual({ title: 'required' });
    expect(fieldCodes({ ...base, format: 'party' })).toEqual({ format: 'invalid_option' });
    const { venue, ...noVenue } = base;
    expect(fieldCodes(noVenue)).toEqual({ venue: 'required' });
    try {
      parseEventInput({ ...base, endsAt: base.startsAt });
    } catch (error) {
      expect((error as ValidationError).errors[0]?.message).toBe(
        'Konec akce musí být po jejím začátku.',
      );
    }
  });
});

describe('event rules', () => {
  const event = newEvent('E1', parseEventInput(base), '2025-10-01T00:00:00.000Z');
  const at = (iso: string) => Date.parse(iso);

  it('derives the phase from the clock; "held" is never stored', () => {
    expect(eventPhase(event, at('2025-10-28T00:00:00Z'))).toBe('upcoming');
    expect(eventPhase(event, at('2025-10-29T09:00:00Z'))).toBe('running');
    expect(eventPhase(event, at('2025-10-29T12:00:00Z'))).toBe('held');
    expect(eventPhase({ ...event, status: 'cancelled' }, at('2025-10-28T00:00:00Z'))).toBe(
      'cancelled',
    );
    expect(eventPhase({ ...event, status: 'draft' }, at('2025-10-30T00:00:00Z'))).toBe('draft');
  });

  it('closes registration at the configured moment or at the start at the latest', () => {
    expect(registrationWindow(event, at('2025-10-28T00:00:00Z'))).toEqual({ open: true });
    expect(registrationWindow(event, at('2025-10-29T08:00:00Z'))).toEqual({
      open: false,
      reason: 'started',
    });
    const windowed = {
      ...event,
      registrationOpensAt: '2025-10-10T00:00:00Z',
      registrationClosesAt: '2025-10-27T00:00:00Z',
    };
    expect(registrationWindow(windowed, at('2025-10-09T00:00:00Z'))).toEqual({
      open: false,
      reason: 'not-yet-open',
    });
    expect(registrationWindow(windowed, at('2025-10-27T00:00:00Z'))).toEqual({
      open: false,
      reason: 'closed',
    });
    expect(
      registrationWindow({ ...event, status: 'cancelled' }, at('2025-10-01T00:00:00Z')),
    ).toEqual({
      open: false,
      reason: 'cancelled',
    });
  });

  it('never reports negative seats', () => {
    expect(seatsLeft({ ...event, confirmedCount: 49 })).toBe(1);
    expect(seatsLeft({ ...event, confirmedCount: 52 })).toBe(0);
  });
});
