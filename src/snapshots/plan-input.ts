import { SnapshotsRepository } from './snapshots.repository';
import { normaliseEmail, NumberResult, smtpAddressOf } from '../matching/engine/normalise';
import { PolicyRef } from '../matching/engine/policy';
import { ManualMapping, PbxUser, PlanInput, TeamsUser } from '../matching/engine/types';
import { TenantEntity } from '../tenants/tenant.entity';
import { PbxUserEntity, TeamsSettingsEntity, TeamsUserEntity } from './snapshot.entities';

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
  const shared = sharedValues();
  const pbxUsers: PbxUser[] = [];
  for await (const page of rows.pages(PbxUserEntity, tenant.id, 'id', PBX_COLUMNS, 5_000))
    for (const r of page) pbxUsers.push(pbxUserOf(r, shared));

  const teamsUsers: TeamsUser[] = [];
  for await (const page of rows.teamsUsersWithSettings(tenant.id))
    for (const { user, settings } of page) teamsUsers.push(teamsUserOf(user, settings, shared));

  // Every number Teams has given anyone, a settings row without a user too.
  const numberHolders = new Map<string, string>();
  for await (const page of rows.pages(
    TeamsSettingsEntity,
    tenant.id,
    'userId',
    ['numbers'],
    10_000,
  ))
    holdNumbers(numberHolders, page);

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

const NONE: string[] = [];

/**
 * Adds who holds each number in Teams, from settings rows in user id order: a number held twice
 * (Teams allows it once) goes to the row read last.
 */
export function holdNumbers(
  holders: Map<string, string>,
  settings: Pick<TeamsSettingsEntity, 'userId' | 'numbers'>[],
): void {
  for (const s of settings) for (const n of s.numbers) holders.set(n, s.userId);
}

/** A PBX user as the engine takes it, from its snapshot row. */
export function pbxUserOf(
  r: Pick<PbxUserEntity, 'id' | (typeof PBX_COLUMNS)[number]>,
  shared: SharedValues,
): PbxUser {
  return {
    id: r.id,
    email: r.email,
    directNumber: r.directNumber,
    status: shared(r.status),
    secureCalling: r.secureCalling,
    number: (r.e164
      ? { ok: true, e164: r.e164 }
      : { ok: false, reason: r.numberProblem ?? 'NO_DIRECT_NUMBER' }) as NumberResult,
  };
}

/**
 * A Microsoft 365 user as the engine takes it, with its Teams settings: without any, the user has
 * no Teams licence at all, and the licence check explains it.
 */
export function teamsUserOf(
  r: Pick<TeamsUserEntity, 'id' | (typeof TEAMS_COLUMNS)[number]>,
  s: Pick<TeamsSettingsEntity, (typeof SETTINGS_COLUMNS)[number]> | null,
  shared: SharedValues,
): TeamsUser {
  return {
    id: r.id,
    userPrincipalName: r.userPrincipalName,
    // Most users' mail is their user principal name: one string for both.
    mail: r.mail === r.userPrincipalName ? r.userPrincipalName : r.mail,
    proxyAddresses: aliasesOnly(r),
    accountEnabled: r.accountEnabled,
    userType: shared(r.userType),
    hasPhoneSystem: r.hasPhoneSystem,
    accountType: shared(s?.accountType ?? 'user'),
    numbers: s?.numbers.length ? s.numbers : NONE,
    enterpriseVoiceEnabled: s?.enterpriseVoice ?? false,
    voiceRoutingPolicyId: shared(s?.voiceRoutingPolicyId ?? null),
    voiceRoutingPolicyName: shared(s?.voiceRoutingPolicyName ?? null),
  };
}

export type SharedValues = ReturnType<typeof sharedValues>;

/**
 * Each distinct value as one string: 200k users repeat a few statuses, account types and
 * policies, and each row read brings its own copy.
 */
export function sharedValues() {
  const seen = new Map<string, string>();
  return <S extends string | null>(value: S): S => {
    if (value === null) return value;
    const known = seen.get(value);
    if (known !== undefined) return known as S;
    seen.set(value, value);
    return value;
  };
}

/**
 * The proxy addresses matching can use beyond mail and the user principal name: `smtp:` aliases
 * that are neither. Most users have none, and their primary `SMTP:` address repeats their mail.
 */
function aliasesOnly(
  user: Pick<TeamsUserEntity, 'mail' | 'userPrincipalName' | 'proxyAddresses'>,
): string[] {
  let aliases: string[] | null = null;
  const mail = normaliseEmail(user.mail);
  const upn = normaliseEmail(user.userPrincipalName);
  for (const p of user.proxyAddresses) {
    const address = normaliseEmail(smtpAddressOf(p));
    if (address !== null && address !== mail && address !== upn) (aliases ??= []).push(p);
  }
  return aliases ?? NONE;
}

/** The PBX columns the engine reads (besides the id). */
export const PBX_COLUMNS = [
  'email',
  'directNumber',
  'e164',
  'numberProblem',
  'status',
  'secureCalling',
] as const satisfies (keyof PbxUserEntity)[];

/** The Microsoft 365 user columns the engine reads (besides the id). */
export const TEAMS_COLUMNS = [
  'userPrincipalName',
  'mail',
  'proxyAddresses',
  'accountEnabled',
  'userType',
  'hasPhoneSystem',
] as const satisfies (keyof TeamsUserEntity)[];

/** The Teams settings columns the engine reads (besides the user's id). */
export const SETTINGS_COLUMNS = [
  'accountType',
  'enterpriseVoice',
  'numbers',
  'voiceRoutingPolicyId',
  'voiceRoutingPolicyName',
] as const satisfies (keyof TeamsSettingsEntity)[];
