import type { Context } from 'hono';
import {
  ConflictError,
  DomainError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../domain/errors';

/** JSON shape of every API error: per-field errors, or one error with a code and a message. */
export function apiError(c: Context, error: unknown): Response {
  if (error instanceof ValidationError) return c.json({ errors: error.errors }, 400);
  if (error instanceof NotFoundError) {
    return c.json({ errors: [{ field: 'id', code: 'not_found', message: error.message }] }, 404);
  }
  if (error instanceof RateLimitedError) {
    c.header('Retry-After', String(error.retryAfterSeconds));
    return c.json(
      { errors: [{ field: error.field, code: 'rate_limited', message: error.userMessage }] },
      429,
    );
  }
  if (error instanceof ConflictError) {
    return c.json(
      { errors: [{ field: 'body', code: error.code, message: error.userMessage }] },
      409,
    );
  }
  if (error instanceof DomainError) {
    return c.json(
      { errors: [{ field: 'body', code: 'invalid', message: 'Požadavek nelze provést.' }] },
      400,
    );
  }
  throw error;
}

export const maxBodyBytes = 64 * 1024;

export const payloadTooLarge = {
  errors: [
    {
      field: 'body',
      code: 'payload_too_large',
      message: 'Požadavek je příliš velký (nejvýše 64 kB).',
    },
  ],
};

export const unsupportedMediaType = {
  errors: [
    {
      field: 'body',
      code: 'unsupported_media_type',
      message: 'Pošlete data jako JSON (application/json) nebo jako formulář.',
    },
  ],
};

export const invalidJson = {
  errors: [{ field: 'body', code: 'invalid_json', message: 'Tělo požadavku není platný JSON.' }],
};
