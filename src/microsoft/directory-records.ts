/** Users and Teams settings as the connector reads them from Microsoft Graph. */

export const MCOEV_PLAN_ID = '4828c8ec-dc2e-4779-b502-87ac9ce28ab7';
/** Microsoft Teams itself (TEAMS1): the licence an activation user needs. */
export const TEAMS_PLAN_ID = '57ff2da0-773e-42df-b2af-ffb7a2317929';

/** The only user properties requested: matching needs these and nothing else. */
export const USER_SELECT = [
  'id',
  'userPrincipalName',
  'mail',
  'proxyAddresses',
  'displayName',
  'accountEnabled',
  'userType',
  'assignedPlans',
];

/** The Teams user configuration properties requested: what the connector compares and nothing else. */
export const TEAMS_USER_SELECT = [
  'id',
  'accountType',
  'isEnterpriseVoiceEnabled',
  'telephoneNumbers',
  'effectivePolicyAssignments',
];

export interface DirectoryUser {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  proxyAddresses: string[];
  displayName: string;
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  hasPhoneSystem: boolean;
}

export interface DeltaPage {
  users: DirectoryUser[];
  /** Users deleted since the last round; `permanently` when they cannot be restored. */
  removed: { id: string; permanently: boolean }[];
  /** Set on the last page of a round: where the next round starts. */
  deltaLink?: string;
}

export interface TeamsUserSettings {
  id: string;
  accountType: string;
  enterpriseVoiceEnabled: boolean;
  numbers: string[];
  voiceRoutingPolicyId: string | null;
  voiceRoutingPolicyName: string | null;
}

interface GraphUser {
  id: string;
  userPrincipalName?: string;
  mail?: string | null;
  proxyAddresses?: string[];
  displayName?: string;
  accountEnabled?: boolean;
  userType?: string;
  assignedPlans?: { servicePlanId: string; capabilityStatus: string }[];
}

export function toDirectoryUser(u: GraphUser): DirectoryUser {
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName ?? '',
    mail: u.mail ?? null,
    proxyAddresses: u.proxyAddresses ?? [],
    displayName: u.displayName ?? '',
    accountEnabled: u.accountEnabled ?? true,
    userType: u.userType === 'Guest' ? 'Guest' : 'Member',
    hasPhoneSystem: (u.assignedPlans ?? []).some(
      (p) => p.servicePlanId === MCOEV_PLAN_ID && p.capabilityStatus === 'Enabled',
    ),
  };
}

interface GraphTeamsUser {
  id: string;
  accountType?: string;
  isEnterpriseVoiceEnabled?: boolean;
  telephoneNumbers?: { telephoneNumber: string }[];
  effectivePolicyAssignments?: {
    policyType: string;
    policyAssignment?: { policyId?: string; displayName?: string };
  }[];
}

export function toTeamsUserSettings(u: GraphTeamsUser): TeamsUserSettings {
  const routing = (u.effectivePolicyAssignments ?? []).find(
    (p) => p.policyType === 'OnlineVoiceRoutingPolicy',
  );
  return {
    id: u.id,
    accountType: u.accountType ?? 'unknown',
    enterpriseVoiceEnabled: u.isEnterpriseVoiceEnabled ?? false,
    numbers: (u.telephoneNumbers ?? []).map((n) => n.telephoneNumber),
    voiceRoutingPolicyId: routing?.policyAssignment?.policyId ?? null,
    voiceRoutingPolicyName: routing?.policyAssignment?.displayName ?? null,
  };
}
