import { MicrosoftError } from '../microsoft/microsoft-error';
import { TelephonyFailureCode } from '../microsoft/teams-telephony';

export type FailureCode =
  | TelephonyFailureCode
  | 'THROTTLED'
  | 'MICROSOFT_UNAVAILABLE'
  | 'CONSENT_REVOKED'
  | 'CONNECTOR_CREDENTIALS_INVALID'
  | 'INSUFFICIENT_PERMISSIONS'
  | 'INVALID_PHONE_NUMBER'
  | 'VOICE_ROUTING_POLICY_NOT_FOUND'
  | 'MICROSOFT_REJECTED';

interface FailureInfo {
  message: string;
  action: string;
  /** Retried automatically with backoff; otherwise only after the cause is fixed, by hand. */
  retryable: boolean;
  /** Every further call would fail the same way: the run stops. */
  stopsRun?: boolean;
}

export const FAILURES: Record<FailureCode, FailureInfo> = {
  THROTTLED: {
    message: 'Microsoft Graph kept throttling the requests for this user.',
    action: 'Nothing: the user is retried automatically.',
    retryable: true,
  },
  MICROSOFT_UNAVAILABLE: {
    message: 'Microsoft Graph was unavailable (5xx or timeout) for this user.',
    action: 'Nothing: the user is retried automatically.',
    retryable: true,
  },
  OPERATION_TIMED_OUT: {
    message: 'Teams did not finish the number assignment in time.',
    action:
      'Nothing: the user is retried automatically; if it persists, check the number in the Teams admin center.',
    retryable: true,
  },
  CONSENT_REVOKED: {
    message: 'The connector is no longer consented in this Microsoft 365 tenant.',
    action: 'Ask a Global Administrator to grant consent again ("Connect Microsoft 365").',
    retryable: false,
    stopsRun: true,
  },
  CONNECTOR_CREDENTIALS_INVALID: {
    message: "Microsoft refused the connector's own client credential.",
    action: "The provider must renew the app registration's secret or certificate.",
    retryable: false,
    stopsRun: true,
  },
  INSUFFICIENT_PERMISSIONS: {
    message: 'The consent lacks a permission the connector needs to write to Teams.',
    action:
      'Ask a Global Administrator to grant consent again so that every permission is included.',
    retryable: false,
    stopsRun: true,
  },
  TEAMS_USER_NOT_FOUND: {
    message: 'The Teams user no longer exists.',
    action: 'Check the user in Microsoft 365, or fix the manual mapping; then retry.',
    retryable: false,
  },
  MISSING_PHONE_SYSTEM_LICENSE: {
    message: 'The user has no Teams Phone (Phone System, MCOEV) license.',
    action: 'Assign a license that includes Teams Phone to the user, then retry.',
    retryable: false,
  },
  NUMBER_HELD_BY_OTHER_USER: {
    message: 'Another Teams user already holds this number.',
    action: 'Release the number from the other user in Teams, or change it in the PBX; then retry.',
    retryable: false,
  },
  INVALID_PHONE_NUMBER: {
    message: 'Teams refused the number as invalid.',
    action: "Correct the user's direct number in the PBX.",
    retryable: false,
  },
  VOICE_ROUTING_POLICY_NOT_FOUND: {
    message: "Teams does not know the tenant's voice routing policy.",
    action: 'Create the policy in Teams or correct its name in the tenant settings; then retry.',
    retryable: false,
  },
  OPERATION_FAILED: {
    message: 'Teams reported the number assignment as failed.',
    action: 'Check the user and the number in the Teams admin center, then retry.',
    retryable: false,
  },
  MICROSOFT_REJECTED: {
    message: 'Microsoft Graph refused the change.',
    action: 'Check the user in the Teams admin center, then retry.',
    retryable: false,
  },
};

/** The failure code for an error from a Teams write, decided on the error's class. */
export function failureCodeOf(error: MicrosoftError, numberWrite: boolean): FailureCode {
  switch (error.kind) {
    case 'transient':
      return error.details.status === 429 ? 'THROTTLED' : 'MICROSOFT_UNAVAILABLE';
    case 'auth_revoked':
    case 'not_configured':
      return 'CONSENT_REVOKED';
    case 'invalid_credentials':
      return 'CONNECTOR_CREDENTIALS_INVALID';
    case 'insufficient_permissions':
      return 'INSUFFICIENT_PERMISSIONS';
    case 'not_found':
      return 'TEAMS_USER_NOT_FOUND';
    default:
      return numberWrite && error.details.status === 400
        ? 'INVALID_PHONE_NUMBER'
        : 'MICROSOFT_REJECTED';
  }
}
