import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  DomainError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../../shared/domain/errors';
import { mapDomainErrors } from '../../shared/web/http-errors';

/** A sub-app that throws the given error, under the app's own 500 handler, as createApp mounts it. */
function appThrowing(error: Error): Hono {
  const routes = new Hono();
  routes.onError(mapDomainErrors);
  routes.get('/*', () => {
    throw error;
  });
  const app = new Hono();
  app.route('/', routes);
  app.onError((_error, c) => c.text('server error', 500));
  return app;
}

const validation = new ValidationError([
  { field: 'email', code: 'invalid_email', message: 'Zadejte platný e-mail.' },
]);

describe('mapDomainErrors', () => {
  it.each([
    [
      validation,
      400,
      [{ field: 'email', code: 'invalid_email', message: 'Zadejte platný e-mail.' }],
    ],
    [
      new NotFoundError('event', 'Akce nenalezena.'),
      404,
      [{ field: 'id', code: 'not_found', message: 'Akce nenalezena.' }],
    ],
    [
      new ConflictError('event_full', 'Akce je plná.'),
      409,
      [{ field: 'body', code: 'event_full', message: 'Akce je plná.' }],
    ],
    [
      new RateLimitedError('email', 'Zkuste to prosím později.', 120),
      429,
      [{ field: 'email', code: 'rate_limited', message: 'Zkuste to prosím později.' }],
    ],
    [
      new DomainError('anything else'),
      400,
      [{ field: 'body', code: 'invalid', message: 'Požadavek nelze provést.' }],
    ],
  ])('answers %s under /api with its status and per-field codes', async (error, status, errors) => {
    const response = await appThrowing(error).request('/api/x');
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ errors });
  });

  it('tells a rate-limited client when to retry', async () => {
    const response = await appThrowing(new RateLimitedError('email', 'Později.', 120)).request(
      '/api/x',
    );
    expect(response.headers.get('Retry-After')).toBe('120');
  });

  it('answers a page outside /api, with the Czech message', async () => {
    const conflict = await appThrowing(
      new ConflictError('closed', 'Registrace je uzavřená.'),
    ).request('/akce/x');
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(await conflict.text()).toContain('Registrace je uzavřená.');
    const invalid = await appThrowing(validation).request('/akce/x');
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('Zadejte platný e-mail.');
    const missing = await appThrowing(new NotFoundError('event')).request('/akce/x');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Stránka nenalezena');
  });

  it('leaves any other error to the app: a 500 that says nothing about it', async () => {
    const response = await appThrowing(new Error('DynamoDB is down')).request('/api/x');
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('server error');
  });
});
