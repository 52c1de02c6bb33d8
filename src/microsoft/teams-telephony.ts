/** Why a Teams write did not happen, as stable codes the sync records per user. */
export type TelephonyFailureCode =
  | 'NUMBER_HELD_BY_OTHER_USER'
  | 'MISSING_PHONE_SYSTEM_LICENSE'
  | 'TEAMS_USER_NOT_FOUND'
  | 'OPERATION_FAILED'
  | 'OPERATION_TIMED_OUT';

export type OperationOutcome =
  { ok: true } | { ok: false; code: TelephonyFailureCode; detail: string };

/** Writes a user's Direct Routing number and voice routing policy in Teams. */
export abstract class TeamsTelephony {
  /** Assigns the number (which enables Enterprise Voice) and waits for Teams to finish. */
  abstract assignNumber(
    microsoftTenantId: string,
    userId: string,
    telephoneNumber: string,
  ): Promise<OperationOutcome>;
  abstract unassignNumber(
    microsoftTenantId: string,
    telephoneNumber: string,
  ): Promise<OperationOutcome>;
  /** Gives several users the policy in one call, which Teams applies to all or none. */
  abstract assignVoiceRoutingPolicy(
    microsoftTenantId: string,
    userIds: string[],
    policyId: string,
  ): Promise<void>;
  abstract unassignVoiceRoutingPolicy(microsoftTenantId: string, userIds: string[]): Promise<void>;
}
