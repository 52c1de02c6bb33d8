import { MicrosoftError } from '../microsoft/microsoft-error';
import { PbxError } from '../pbx/pbx-directory';
import { FailureCode, FAILURES, RetryRule } from './failure-codes';

/** What a failure stops: one user's change, the whole run, or the tenant's sync until someone acts. */
export type FailureScope = 'user' | 'run' | 'tenant';

/** The call that failed: a read, or one of a user's two Teams writes. */
export type FailedCall = 'read' | 'number' | 'policy';

export interface Failure {
  code: FailureCode;
  scope: FailureScope;
  retry: RetryRule;
  /** What the error itself said (already free of secrets). */
  detail: string;
  retryAfterMs?: number;
}

/**
 * The one translation of an error from Microsoft or the PBX (already classified by kind at the
 * adapter) into the connector's failure vocabulary. Pure: the same error always gives the same answer.
 */
export function classify(error: unknown, call: FailedCall = 'read'): Failure {
  const [code, scope] =
    error instanceof MicrosoftError
      ? microsoftFailure(error, call)
      : error instanceof PbxError
        ? pbxFailure(error)
        : (['UNEXPECTED_ERROR', 'run'] as const);
  return {
    code,
    scope,
    retry: FAILURES[code].retry,
    detail: error instanceof Error ? error.message : String(error),
    retryAfterMs: error instanceof MicrosoftError ? error.details.retryAfterMs : undefined,
  };
}

/** A failure named by code (Teams' own operation outcomes, the planner's checks). */
export function failureOf(code: FailureCode, detail: string, scope: FailureScope): Failure {
  return { code, scope, retry: FAILURES[code].retry, detail };
}

function microsoftFailure(error: MicrosoftError, call: FailedCall): [FailureCode, FailureScope] {
  const userOrRun: FailureScope = call === 'read' ? 'run' : 'user';
  switch (error.kind) {
    case 'transient':
      return [error.details.status === 429 ? 'THROTTLED' : 'MICROSOFT_UNAVAILABLE', userOrRun];
    case 'auth_revoked':
    case 'not_configured':
      return ['CONSENT_REVOKED', 'tenant'];
    case 'invalid_credentials':
      return ['CONNECTOR_CREDENTIALS_INVALID', 'run'];
    case 'insufficient_permissions':
      return ['INSUFFICIENT_PERMISSIONS', 'run'];
    case 'not_found':
      return call === 'read' ? ['MICROSOFT_REJECTED', 'run'] : ['TEAMS_USER_NOT_FOUND', 'user'];
    default:
      if (call === 'number' && error.details.status === 400)
        return ['INVALID_PHONE_NUMBER', 'user'];
      if (call === 'policy' && error.details.status === 400)
        return ['VOICE_ROUTING_POLICY_NOT_FOUND', 'user'];
      return ['MICROSOFT_REJECTED', userOrRun];
  }
}

function pbxFailure(error: PbxError): [FailureCode, FailureScope] {
  switch (error.kind) {
    case 'auth':
      return ['PBX_CREDENTIALS_INVALID', 'run'];
    case 'transient':
      return ['PBX_UNAVAILABLE', 'run'];
    default:
      return ['PBX_REJECTED', 'run'];
  }
}
