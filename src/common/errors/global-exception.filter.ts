import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  NotFoundException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppLogger } from '../logging/app-logger';
import { currentContext } from '../logging/request-context';
import { allowedMethods } from '../http/allowed-methods';
import { DomainError, TooManyAttempts } from './domain-error';
import { ERROR_STATUS, ErrorCode } from './error-codes';

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Turns anything thrown into `{ error: { code, message, details? } }`; unknown errors become a 500. */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const { status, code, message, details } = this.describe(wrongMethod(exception, req, res));
    if (exception instanceof TooManyAttempts)
      res.setHeader('retry-after', String(exception.retryAfterSeconds));
    if (status >= 500) {
      this.logger.error({ err: exception }, 'request failed');
    }
    // A route may have set its own type already (text/csv, text/plain): an error is JSON all the same.
    res
      .status(status)
      .type('application/json')
      .json({
        error: {
          code,
          message,
          ...(details === undefined ? {} : { details }),
          correlationId: currentContext()?.correlationId,
        },
      });
  }

  private describe(exception: unknown): {
    status: number;
    code: ErrorCode;
    message: string;
    details?: unknown;
  } {
    if (exception instanceof DomainError) {
      return {
        status: ERROR_STATUS[exception.code],
        code: exception.code,
        message: exception.message,
        details: exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const body =
        typeof response === 'object' && response !== null
          ? (response as Record<string, unknown>)
          : {};
      const messages = Array.isArray(body.message) ? body.message : undefined;
      return {
        status,
        code: STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED'),
        message: messages ? 'The request is not valid.' : String(body.message ?? exception.message),
        details: messages,
      };
    }
    if (dependencyDown(exception))
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        code: 'SERVICE_UNAVAILABLE',
        message:
          'A service the connector depends on (its database or Redis) is not answering; try again in a moment.',
      };
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL_ERROR',
      message: 'Something went wrong on our side; the error has been logged.',
    };
  }
}

const CONNECTION_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

/** Redis gave up on a command, or a connection to the database or Redis failed: not our bug. */
function dependencyDown(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  const code = (exception as { code?: unknown }).code;
  return (
    exception.name === 'MaxRetriesPerRequestError' ||
    exception.message === 'Connection is closed.' ||
    (typeof code === 'string' && CONNECTION_FAILURES.has(code))
  );
}

/** No route for this method, but some for the path: 405 with the methods it takes in `Allow`. */
function wrongMethod(exception: unknown, req: Request, res: Response): unknown {
  if (!(exception instanceof NotFoundException)) return exception;
  const allowed = allowedMethods(req);
  if (allowed.length === 0 || allowed.includes(req.method)) return exception;
  res.setHeader('allow', allowed.join(', '));
  return new DomainError(
    'METHOD_NOT_ALLOWED',
    `${req.method} is not allowed here; this address takes ${allowed.join(', ')}.`,
  );
}
