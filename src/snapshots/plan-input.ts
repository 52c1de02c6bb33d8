import { DataSource } from 'typeorm';
import {
  PbxUserRow,
  SyncedLinkRow,
  TeamsSettingsRow,
  TeamsUserRow,
} from './snapshot.entities';
import { ManualMappingRow } from '../mapping/manual-mapping.entity';
import { NumberResult } from '../matching/engine/normalise';
import { PbxUser, PlanInput, TeamsUser } from '../matching/engine/types';
import { TenantEntity } from '../tenants/tenant.entity';
import { DEFAULT_NUMBER_REGION } from './directory-snapshots';

/** The matching engine's input, from one tenant's snapshots, mappings and synced links. */
export async function loadPlanInput(
  dataSource: DataSource,
  tenant: TenantEntity,
  voiceRoutingPolicyId: string | null,
): Promise<PlanInput> {
  const where = { tenantId: tenant.id };
  const [pbxRows, teamsRows, settingsRows, mappings, links] = await Promise.all([
    dataSource.getRepository(PbxUserRow).findBy(where),
    dataSource.getRepository(TeamsUserRow).findBy(where),
    dataSource.getRepository(TeamsSettingsRow).findBy(where),
    dataSource.getRepository(ManualMappingRow).findBy(where),
    dataSource.getRepository(SyncedLinkRow).findBy(where),
  ]);
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
    };
  });
  return {
    mode: tenant.syncMode,
    pbxUsers,
    teamsUsers,
    manualMappings: mappings.map((m) => ({ pbxUserId: m.pbxUserId, teamsUserId: m.teamsUserId })),
    syncedLinks: links.map((l) => ({
      pbxUserId: l.pbxUserId,
      teamsUserId: l.teamsUserId,
      number: l.number,
    })),
    numberHolders,
    connectorSeats: tenant.connectorSeats,
    voiceRoutingPolicyId,
    defaultRegion: DEFAULT_NUMBER_REGION,
  };
}
