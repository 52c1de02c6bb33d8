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
