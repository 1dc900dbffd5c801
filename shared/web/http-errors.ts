import type { Context, ErrorHandler } from 'hono';
import {
  ConflictError,
  DomainError,
  type FieldError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../domain/errors';
import { domainErrorPage } from './pages/error-pages';

/** What a caller is told about a DomainError: the status, and per field a code and a message. */
export interface DomainErrorAnswer {
  status: 400 | 404 | 409 | 429;
  errors: FieldError[];
  /** Seconds until a refused attempt may be repeated (`Retry-After`). */
  retryAfterSeconds?: number;
}

/** The one table from each kind of DomainError to what the caller is told. */
export function domainErrorAnswer(error: DomainError): DomainErrorAnswer {
  if (error instanceof ValidationError) return { status: 400, errors: error.errors };
  if (error instanceof NotFoundError) {
    return { status: 404, errors: [{ field: 'id', code: 'not_found', message: error.message }] };
  }
  if (error instanceof RateLimitedError) {
    return {
      status: 429,
      errors: [{ field: error.field, code: 'rate_limited', message: error.userMessage }],
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  if (error instanceof ConflictError) {
    return {
      status: 409,
      errors: [{ field: 'body', code: error.code, message: error.userMessage }],
    };
  }
  return {
    status: 400,
    errors: [{ field: 'body', code: 'invalid', message: 'Požadavek nelze provést.' }],
  };
}

const isApiPath = (path: string) => path.startsWith('/api/');

/**
 * The answer to a DomainError: `{ errors: [...] }` under /api, the message page otherwise.
 * Anything else is not the caller's fault and gets `undefined`: the app answers it with a 500.
 */
export function domainErrorResponse(
  c: Context,
  error: unknown,
): Response | Promise<Response> | undefined {
  if (!(error instanceof DomainError)) return undefined;
  const answer = domainErrorAnswer(error);
  if (answer.retryAfterSeconds !== undefined) {
    c.header('Retry-After', String(answer.retryAfterSeconds));
  }
  return isApiPath(c.req.path)
    ? c.json({ errors: answer.errors }, answer.status)
    : c.html(domainErrorPage(answer.status, answer.errors), answer.status);
}

/**
 * `onError` of a sub-app whose handlers let DomainErrors through: they become their answer,
 * anything else goes on to the app's own handler (logged, 500).
 */
export const mapDomainErrors: ErrorHandler = (error, c) => {
  const response = domainErrorResponse(c, error);
  if (!response) throw error;
  return response;
};

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
