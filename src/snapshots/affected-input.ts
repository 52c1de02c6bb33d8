import { addressesOf } from '../matching/engine/normalise';
import { PolicyRef } from '../matching/engine/policy';
import { ManualMapping, PlanInput, SyncedLink } from '../matching/engine/types';
import { TenantEntity } from '../tenants/tenant.entity';
import {
  DEFAULT_NUMBER_REGION,
  holdNumbers,
  PBX_COLUMNS,
  pbxUserOf,
  SETTINGS_COLUMNS,
  sharedValues,
  TEAMS_COLUMNS,
  teamsUserOf,
} from './plan-input';
import {
  PbxUserEntity,
  SyncedLinkEntity,
  TeamsAddressEntity,
  TeamsSettingsEntity,
  TeamsUserEntity,
} from './snapshot.entities';
import { SnapshotsRepository } from './snapshots.repository';

/** Where some changes start: users, and addresses and numbers that users had or have. */
export interface AffectedSeeds {
  pbxUserIds: Iterable<string>;
  teamsUserIds: Iterable<string>;
  addresses: Iterable<string>;
  numbers: Iterable<string>;
}

export interface AffectedInput {
  input: PlanInput;
  /** The PBX users whose entries the plan of `input` decides as the whole tenant's plan would. */
  pbxUserIds: Set<string>;
  /** Pairs synced in the whole tenant. */
  syncedNow: number;
}

/** Values reached, and those reached since the last look. */
class Reached {
  readonly all = new Set<string>();
  private fresh: string[] = [];

  add(value: string | null | undefined): void {
    if (value && !this.all.has(value)) {
      this.all.add(value);
      this.fresh.push(value);
    }
  }

  addAll(values: Iterable<string>): void {
    for (const v of values) this.add(v);
  }

  take(): string[] {
    const taken = this.fresh;
    this.fresh = [];
    return taken;
  }

  get pending(): boolean {
    return this.fresh.length > 0;
  }
}

const LINK_COLUMNS: (keyof SyncedLinkEntity)[] = ['pbxUserId', 'teamsUserId', 'number'];

/**
 * The matching engine's input for the users some changes can affect: everything tied to the seeds
 * by a rule the engine applies (a manual mapping, a synced link, an address a Microsoft 365 user
 * answers to and a PBX user's e-mail, a number a PBX user carries, a link holds or a Teams user
 * has), followed until nothing new turns up. Nothing outside it can change what the engine decides
 * for its PBX users, except seats, which are shared by the whole tenant: the input's seats are
 * those its own links and the free ones, and the caller checks that none ran short.
 */
export async function loadAffectedInput(
  rows: SnapshotsRepository,
  tenant: TenantEntity,
  manualMappings: ManualMapping[],
  voiceRoutingPolicy: PolicyRef | null,
  seeds: AffectedSeeds,
): Promise<AffectedInput> {
  const tid = tenant.id;
  const mappingsByPbx = groupBy(manualMappings, (m) => m.pbxUserId);
  const mappingsByTeams = groupBy(manualMappings, (m) => m.teamsUserId);
  const links = new Map<string, SyncedLink>();
  const pbx = new Reached();
  const teams = new Reached();
  const addresses = new Reached();
  const numbers = new Reached();
  pbx.addAll(seeds.pbxUserIds);
  teams.addAll(seeds.teamsUserIds);
  addresses.addAll(seeds.addresses);
  numbers.addAll(seeds.numbers);
  const linked = (found: Pick<SyncedLinkEntity, (typeof LINK_COLUMNS)[number]>[]) => {
    for (const l of found) {
      links.set(l.pbxUserId, {
        pbxUserId: l.pbxUserId,
        teamsUserId: l.teamsUserId,
        number: l.number,
      });
      pbx.add(l.pbxUserId);
      teams.add(l.teamsUserId);
      numbers.add(l.number);
    }
  };

  const pbxRows: Pick<PbxUserEntity, 'id' | (typeof PBX_COLUMNS)[number]>[] = [];
  const teamsRows: Pick<TeamsUserEntity, 'id' | (typeof TEAMS_COLUMNS)[number]>[] = [];
  const settings: Pick<TeamsSettingsEntity, 'userId' | (typeof SETTINGS_COLUMNS)[number]>[] = [];
  while (pbx.pending || teams.pending || addresses.pending || numbers.pending) {
    const pbxIds = pbx.take();
    for (const r of await rows.where(PbxUserEntity, tid, 'id', pbxIds, [
      ...PBX_COLUMNS,
      'emailKey',
    ])) {
      pbxRows.push(r);
      addresses.add(r.emailKey);
      numbers.add(r.e164);
    }
    for (const id of pbxIds) for (const m of mappingsByPbx.get(id) ?? []) teams.add(m.teamsUserId);
    linked(await rows.where(SyncedLinkEntity, tid, 'pbxUserId', pbxIds, LINK_COLUMNS));

    const teamsIds = teams.take();
    for (const u of await rows.where(TeamsUserEntity, tid, 'id', teamsIds, [...TEAMS_COLUMNS])) {
      teamsRows.push(u);
      addresses.addAll(addressesOf(u));
    }
    for (const s of await rows.where(TeamsSettingsEntity, tid, 'userId', teamsIds, [
      ...SETTINGS_COLUMNS,
    ])) {
      settings.push(s);
      numbers.addAll(s.numbers);
    }
    for (const id of teamsIds) for (const m of mappingsByTeams.get(id) ?? []) pbx.add(m.pbxUserId);
    linked(await rows.where(SyncedLinkEntity, tid, 'teamsUserId', teamsIds, LINK_COLUMNS));

    const addressed = addresses.take();
    for (const r of await rows.where(TeamsAddressEntity, tid, 'address', addressed, [
      'teamsUserId',
    ]))
      teams.add(r.teamsUserId);
    for (const r of await rows.where(PbxUserEntity, tid, 'emailKey', addressed, ['id']))
      pbx.add(r.id);

    const numbered = numbers.take();
    if (numbered.length === 0) continue;
    for (const r of await rows.where(PbxUserEntity, tid, 'e164', numbered, ['id'])) pbx.add(r.id);
    linked(await rows.where(SyncedLinkEntity, tid, 'number', numbered, LINK_COLUMNS));
    for (const s of await rows.settingsHolding(tid, numbered)) teams.add(s.userId);
  }

  const shared = sharedValues();
  const settingsOf = new Map(settings.map((s) => [s.userId, s]));
  const numberHolders = new Map<string, string>();
  holdNumbers(
    numberHolders,
    settings.sort((a, b) => (a.userId < b.userId ? -1 : 1)),
  );
  const syncedNow = await rows.syncedLinkCount(tid);
  return {
    input: {
      mode: tenant.syncMode,
      pbxUsers: pbxRows.map((r) => pbxUserOf(r, shared)),
      teamsUsers: teamsRows.map((u) => teamsUserOf(u, settingsOf.get(u.id) ?? null, shared)),
      manualMappings: manualMappings.filter((m) => pbx.all.has(m.pbxUserId)),
      syncedLinks: [...links.values()],
      numberHolders,
      // The seats the rest of the tenant's links do not take.
      connectorSeats: tenant.connectorSeats - (syncedNow - links.size),
      voiceRoutingPolicy,
      defaultRegion: DEFAULT_NUMBER_REGION,
    },
    pbxUserIds: pbx.all,
    syncedNow,
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
