import { SnapshotsRepository } from './snapshots.repository';
import { NumberResult } from '../matching/engine/normalise';
import { PolicyRef } from '../matching/engine/policy';
import { ManualMapping, PbxUser, PlanInput, TeamsUser } from '../matching/engine/types';
import { TenantEntity } from '../tenants/tenant.entity';

// Numbers written without a country code are read as North American.
export const DEFAULT_NUMBER_REGION = 'US';

/**
 * The matching engine's input, from one tenant's snapshots and synced links, with the manual
 * mappings and the voice routing policy that the caller brings.
 */
export async function loadPlanInput(
  rows: SnapshotsRepository,
  tenant: TenantEntity,
  manualMappings: ManualMapping[],
  voiceRoutingPolicy: PolicyRef | null,
): Promise<PlanInput> {
  const {
    pbx: pbxRows,
    teams: teamsRows,
    settings: settingsRows,
    links,
  } = await rows.tenantRows(tenant.id);
  const settings = new Map(settingsRows.map((s) => [s.userId, s]));
  const numberHolders = new Map<string, string>();
  for (const s of settingsRows) for (const n of s.numbers) numberHolders.set(n, s.userId);

  const pbxUsers: PbxUser[] = pbxRows.map((r) => ({
    id: r.id,
    email: r.email,
    firstName: r.firstName,
    lastName: r.lastName,
    extension: r.extension,
    directNumber: r.directNumber,
    status: r.status,
    secureCalling: r.secureCalling,
    number: (r.e164
      ? { ok: true, e164: r.e164 }
      : { ok: false, reason: r.numberProblem ?? 'NO_DIRECT_NUMBER' }) as NumberResult,
  }));
  const teamsUsers: TeamsUser[] = teamsRows.map((r) => {
    const s = settings.get(r.id);
    // Without Teams settings the user has no Teams licence at all; the licence check explains it.
    return {
      id: r.id,
      userPrincipalName: r.userPrincipalName,
      mail: r.mail,
      proxyAddresses: r.proxyAddresses,
      displayName: r.displayName,
      accountEnabled: r.accountEnabled,
      userType: r.userType,
      hasPhoneSystem: r.hasPhoneSystem,
      accountType: s?.accountType ?? 'user',
      numbers: s?.numbers ?? [],
      enterpriseVoiceEnabled: s?.enterpriseVoice ?? false,
      voiceRoutingPolicyId: s?.voiceRoutingPolicyId ?? null,
      voiceRoutingPolicyName: s?.voiceRoutingPolicyName ?? null,
    };
  });
  return {
    mode: tenant.syncMode,
    pbxUsers,
    teamsUsers,
    manualMappings,
    syncedLinks: links.map((l) => ({
      pbxUserId: l.pbxUserId,
      teamsUserId: l.teamsUserId,
      number: l.number,
    })),
    numberHolders,
    connectorSeats: tenant.connectorSeats,
    voiceRoutingPolicy,
    defaultRegion: DEFAULT_NUMBER_REGION,
  };
}
