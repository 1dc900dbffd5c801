/**
 * The one error hierarchy of the domain. The HTTP layer maps these to status codes with
 * `instanceof` in one place; nothing matches errors by name.
 */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export class DomainError extends Error {
  override name = 'DomainError';
}

export class ValidationError extends DomainError {
  override name = 'ValidationError';
  constructor(readonly errors: FieldError[]) {
    super(`Invalid input: ${errors.map((e) => `${e.field}:${e.code}`).join(', ')}`);
  }
}

export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
  constructor(
    readonly what: 'event' | 'registration' | 'survey',
    message = 'Not found',
  ) {
    super(message);
  }
}

/** The request is well-formed but the thing is in a state that refuses it (closed, cancelled…). */
export class ConflictError extends DomainError {
  override name = 'ConflictError';
  constructor(
    readonly code: string,
    readonly userMessage: string,
  ) {
    super(code);
  }
}

/** Over a registration limit: nothing was stored, the person may try again after a while. */
export class RateLimitedError extends DomainError {
  override name = 'RateLimitedError';
  constructor(
    readonly field: string,
    readonly userMessage: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited');
  }
}
