import { TelephonyFailureCode } from '../microsoft/teams-telephony';

/** Every failure the connector records or answers with, by stable code. */
export type FailureCode =
  | TelephonyFailureCode
  | 'THROTTLED'
  | 'MICROSOFT_UNAVAILABLE'
  | 'CONSENT_REVOKED'
  | 'CONNECTOR_CREDENTIALS_INVALID'
  | 'INSUFFICIENT_PERMISSIONS'
  | 'INVALID_PHONE_NUMBER'
  | 'VOICE_ROUTING_POLICY_NOT_FOUND'
  | 'MICROSOFT_REJECTED'
  | 'PBX_CREDENTIALS_INVALID'
  | 'PBX_UNAVAILABLE'
  | 'PBX_REJECTED'
  | 'RUN_ATTEMPTS_EXHAUSTED'
  | 'UNEXPECTED_ERROR';

/**
 * How a failure is tried again:
 * - `after`: automatically, once the time Microsoft asked for (Retry-After) has passed;
 * - `backoff`: automatically, with exponential backoff;
 * - `never`: only after someone fixes the cause (and retries by hand).
 */
export type RetryRule = 'never' | 'backoff' | 'after';

interface FailureInfo {
  message: string;
  action: string;
  retry: RetryRule;
}

const AUTOMATIC = 'Nothing: it is retried automatically.';

export const FAILURES: Record<FailureCode, FailureInfo> = {
  THROTTLED: {
    message: 'Microsoft Graph kept throttling the requests.',
    action: AUTOMATIC,
    retry: 'after',
  },
  MICROSOFT_UNAVAILABLE: {
    message: 'Microsoft Graph was unavailable (5xx or timeout).',
    action: AUTOMATIC,
    retry: 'backoff',
  },
  OPERATION_TIMED_OUT: {
    message: 'Teams did not finish the number assignment in time.',
    action: `${AUTOMATIC} If it persists, check the number in the Teams admin center.`,
    retry: 'backoff',
  },
  CONSENT_REVOKED: {
    message: 'The connector is no longer consented in this Microsoft 365 tenant.',
    action: 'Ask a Global Administrator to grant consent again ("Connect Microsoft 365").',
    retry: 'never',
  },
  CONNECTOR_CREDENTIALS_INVALID: {
    message: "Microsoft refused the connector's own client credential.",
    action: "The provider must renew the app registration's secret or certificate.",
    retry: 'never',
  },
  INSUFFICIENT_PERMISSIONS: {
    message: 'The consent lacks a permission the connector needs.',
    action:
      'Ask a Global Administrator to grant consent again so that every permission is included.',
    retry: 'never',
  },
  TEAMS_USER_NOT_FOUND: {
    message: 'The Teams user no longer exists.',
    action: 'Check the user in Microsoft 365, or fix the manual mapping; then retry.',
    retry: 'never',
  },
  MISSING_PHONE_SYSTEM_LICENSE: {
    message: 'The user has no Teams Phone (Phone System, MCOEV) license.',
    action: 'Assign a license that includes Teams Phone to the user, then retry.',
    retry: 'never',
  },
  NUMBER_HELD_BY_OTHER_USER: {
    message: 'Another Teams user already holds this number.',
    action: 'Release the number from the other user in Teams, or change it in the PBX; then retry.',
    retry: 'never',
  },
  INVALID_PHONE_NUMBER: {
    message: 'Teams refused the number as invalid.',
    action: "Correct the user's direct number in the PBX.",
    retry: 'never',
  },
  VOICE_ROUTING_POLICY_NOT_FOUND: {
    message: "Teams does not know the tenant's voice routing policy.",
    action: 'Create the policy in Teams or correct its name in the tenant settings; then retry.',
    retry: 'never',
  },
  OPERATION_FAILED: {
    message: 'Teams reported the number assignment as failed.',
    action: 'Check the user and the number in the Teams admin center, then retry.',
    retry: 'never',
  },
  MICROSOFT_REJECTED: {
    message: 'Microsoft Graph refused the request.',
    action: 'Check the user in the Teams admin center, then retry.',
    retry: 'never',
  },
  PBX_CREDENTIALS_INVALID: {
    message: "The PBX refused the tenant's API credentials.",
    action: "Correct the PBX client id and secret in the tenant's settings.",
    retry: 'never',
  },
  PBX_UNAVAILABLE: {
    message: 'The PBX API was unavailable (5xx, throttling or timeout).',
    action: AUTOMATIC,
    retry: 'backoff',
  },
  PBX_REJECTED: {
    message: 'The PBX API refused the request.',
    action: "Check the PBX account id and API address in the tenant's settings.",
    retry: 'never',
  },
  RUN_ATTEMPTS_EXHAUSTED: {
    message: 'The run failed on every attempt it was given.',
    action: 'Start a new sync; if it fails the same way, tell operations (the log has each error).',
    retry: 'never',
  },
  UNEXPECTED_ERROR: {
    message: 'Something went wrong on our side.',
    action: AUTOMATIC,
    retry: 'backoff',
  },
};
