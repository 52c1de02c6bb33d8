import { SnapshotsRepository } from './snapshots.repository';
import { NumberResult } from '../matching/engine/normalise';
import { PolicyRef } from '../matching/engine/policy';
import { ManualMapping, PbxUser, PlanInput, TeamsUser } from '../matching/engine/types';
import { TenantEntity } from '../tenants/tenant.entity';
import { PbxUserEntity, TeamsSettingsEntity } from './snapshot.entities';

// Numbers written without a country code are read as North American.
export const DEFAULT_NUMBER_REGION = 'US';

/**
 * The matching engine's input, from one tenant's snapshots and synced links, with the manual
 * mappings and the voice routing policy that the caller brings. Rows are read a page at a time and
 * turned into the engine's plain records at once: the tables are never held as entities too.
 */
export async function loadPlanInput(
  rows: SnapshotsRepository,
  tenant: TenantEntity,
  manualMappings: ManualMapping[],
  voiceRoutingPolicy: PolicyRef | null,
): Promise<PlanInput> {
  const pbxUsers: PbxUser[] = [];
  for await (const page of rows.pages(PbxUserEntity, tenant.id, 'id', PBX_COLUMNS, 5_000))
    for (const r of page)
      pbxUsers.push({
        id: r.id,
        email: r.email,
        directNumber: r.directNumber,
        status: r.status,
        secureCalling: r.secureCalling,
        number: (r.e164
          ? { ok: true, e164: r.e164 }
          : { ok: false, reason: r.numberProblem ?? 'NO_DIRECT_NUMBER' }) as NumberResult,
      });

  const teamsUsers: TeamsUser[] = [];
  for await (const page of rows.teamsUsersWithSettings(tenant.id))
    for (const { user: r, settings: s } of page)
      // Without Teams settings the user has no Teams licence at all; the licence check explains it.
      teamsUsers.push({
        id: r.id,
        userPrincipalName: r.userPrincipalName,
        mail: r.mail,
        proxyAddresses: r.proxyAddresses,
        accountEnabled: r.accountEnabled,
        userType: r.userType,
        hasPhoneSystem: r.hasPhoneSystem,
        accountType: s?.accountType ?? 'user',
        numbers: s?.numbers ?? [],
        enterpriseVoiceEnabled: s?.enterpriseVoice ?? false,
        voiceRoutingPolicyId: s?.voiceRoutingPolicyId ?? null,
        voiceRoutingPolicyName: s?.voiceRoutingPolicyName ?? null,
      });

  // Every number Teams has given anyone, a settings row without a user too.
  const numberHolders = new Map<string, string>();
  for await (const page of rows.pages(
    TeamsSettingsEntity,
    tenant.id,
    'userId',
    ['numbers'],
    10_000,
  ))
    for (const s of page) for (const n of s.numbers) numberHolders.set(n, s.userId);

  return {
    mode: tenant.syncMode,
    pbxUsers,
    teamsUsers,
    manualMappings,
    syncedLinks: (await rows.syncedLinks(tenant.id)).map((l) => ({
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

/** The PBX columns the engine reads (besides the id). */
const PBX_COLUMNS: (keyof PbxUserEntity)[] = [
  'email',
  'directNumber',
  'e164',
  'numberProblem',
  'status',
  'secureCalling',
];
