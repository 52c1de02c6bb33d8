import { ErrorCode } from './error-codes';

/** What services throw: a stable code, a plain message, optional details. HTTP stays at the edge. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Too many attempts: refused until `retryAfterSeconds` have passed (sent as `Retry-After`). */
export class TooManyAttempts extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('RATE_LIMITED', message, { retryAfterSeconds });
  }
}
