import { Injectable } from '@nestjs/common';
import { isGuid } from '../common/text/guid';
import { answeringFailures } from '../failures/as-domain-error';
import { MatchCandidate, MatchContext, matchUser, MatchResult } from '../matching/engine/match';
import { normaliseEmail } from '../matching/engine/normalise';
import { MatchMethod, PbxUser } from '../matching/engine/types';
import { DirectorySnapshots } from '../snapshots/directory-snapshots';
import {
  PbxUserEntity,
  SyncedLinkEntity,
  TeamsAddressEntity,
  TeamsUserEntity,
} from '../snapshots/snapshot.entities';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import { TenantEntity } from '../tenants/tenant.entity';
import { linkedMicrosoftTenant } from '../tenants/microsoft-tenant';
import { MappingsRepository } from './mappings.repository';

/** What a mapping needs of a PBX user. */
export type PbxKey = Pick<PbxUser, 'id' | 'email' | 'status'>;

/** What a mapping needs of a Microsoft 365 user. */
export interface TeamsKey extends MatchCandidate {
  userPrincipalName: string;
}

export type TeamsLookup =
  | { found: true; user: TeamsKey }
  | { found: false; code: 'TEAMS_USER_UNKNOWN' | 'TEAMS_USER_AMBIGUOUS' };

/** How some PBX users are matched today, and the Teams users those matches name. */
export interface MatchWindow {
  matchOf(pbx: PbxKey): MatchResult;
  /** The Teams user a PBX user is mapped to by hand today, if any. */
  mappedTo(pbxUserId: string): string | null;
  teamsById: Map<string, TeamsKey>;
}

/** A PBX user matched today to a Teams user, and how. */
export interface Holder {
  pbx: PbxKey;
  method: MatchMethod;
}

const PBX_KEY: (keyof PbxUserEntity & string)[] = ['email', 'status'];
const TEAMS_KEY: (keyof TeamsUserEntity & string)[] = [
  'userPrincipalName',
  'accountEnabled',
  'userType',
];
// Teams users whose holders are looked for at once.
const HOLDER_BATCH = 500;

/**
 * What a mapping is checked against, read from the snapshot tables a batch of users at a time:
 * neither directory is ever held whole.
 */
@Injectable()
export class MappingLookups {
  constructor(
    private readonly snapshots: DirectorySnapshots,
    private readonly rows: SnapshotsRepository,
    private readonly mappings: MappingsRepository,
  ) {}

  /** Reads both directories when a side was never read: a first template still lists the users. */
  async ready(tenant: TenantEntity): Promise<void> {
    linkedMicrosoftTenant(tenant);
    const state = await this.snapshots.state(tenant.id);
    if (state?.pbxReadAt && state.microsoftReadAt) return;
    await answeringFailures(async () => {
      await this.snapshots.readPbx(tenant);
      await this.snapshots.readMicrosoft(tenant);
    });
  }

  pbxUsers(tenantId: string, ids: Iterable<string>): Promise<PbxKey[]> {
    return this.rows.where(PbxUserEntity, tenantId, 'id', ids, PBX_KEY);
  }

  async teamsUsers(tenantId: string, ids: Iterable<string>): Promise<Map<string, TeamsKey>> {
    const found = await this.rows.where(TeamsUserEntity, tenantId, 'id', ids, TEAMS_KEY);
    return new Map(found.map((u) => [u.id, u]));
  }

  /** The manual mappings of these PBX users: PBX user id → Teams user id. */
  async mappedTo(tenantId: string, pbxUserIds: Iterable<string>): Promise<Map<string, string>> {
    const found = await this.mappings.ofPbxUsers(tenantId, pbxUserIds);
    return new Map(found.map((m) => [m.pbxUserId, m.teamsUserId]));
  }

  /** The Teams user an admin means by each text: an object id, or any address the user has. */
  async findTeamsUsers(tenantId: string, texts: string[]): Promise<Map<string, TeamsLookup>> {
    const addressOf = (text: string) => normaliseEmail(text.trim().replace(/^smtp:/i, ''));
    const byId = (text: string) => (isGuid(text.trim()) ? text.trim().toLowerCase() : null);
    const claims = await this.claimants(
      tenantId,
      texts.flatMap((t) => (byId(t) ? [] : [addressOf(t) ?? ''])),
    );
    const users = await this.teamsUsers(tenantId, [
      ...texts.flatMap((t) => byId(t) ?? []),
      ...[...claims.values()].flatMap((ids) => (ids.length === 1 ? ids : [])),
    ]);
    const lookups = new Map<string, TeamsLookup>();
    for (const text of texts) {
      const ids = byId(text) ? [byId(text)!] : (claims.get(addressOf(text) ?? '') ?? []);
      const user = ids.length === 1 ? users.get(ids[0]) : undefined;
      lookups.set(
        text,
        user
          ? { found: true, user }
          : { found: false, code: ids.length > 1 ? 'TEAMS_USER_AMBIGUOUS' : 'TEAMS_USER_UNKNOWN' },
      );
    }
    return lookups;
  }

  /**
   * Exactly what the matching engine reads to match these PBX users: their manual mappings and
   * synced pairs, who claims their e-mail addresses, and those Teams users.
   */
  async window(tenant: TenantEntity, pbxUsers: PbxKey[]): Promise<MatchWindow> {
    const ids = pbxUsers.map((p) => p.id);
    const manual = await this.mappings.ofPbxUsers(tenant.id, ids);
    const links = await this.rows.where(SyncedLinkEntity, tenant.id, 'pbxUserId', ids, [
      'teamsUserId',
    ]);
    const index = await this.claimants(
      tenant.id,
      pbxUsers.flatMap((p) => normaliseEmail(p.email) ?? []),
    );
    const teamsById = await this.teamsUsers(tenant.id, [
      ...manual.map((m) => m.teamsUserId),
      ...links.map((l) => l.teamsUserId),
      ...[...index.values()].flat(),
    ]);
    const manualByPbx = new Map(manual.map((m) => [m.pbxUserId, m]));
    const ctx: MatchContext = {
      mode: tenant.syncMode,
      teamsById,
      index,
      manualByPbx,
      linkByPbx: new Map(links.map((l) => [l.pbxUserId, { ...l, number: '' }])),
    };
    return {
      matchOf: (pbx) => matchUser(pbx, ctx),
      mappedTo: (pbxUserId) => manualByPbx.get(pbxUserId)?.teamsUserId ?? null,
      teamsById,
    };
  }

  /**
   * The PBX users matched today to each of these Teams users: those mapped or synced to them, and
   * those whose e-mail address is one of theirs, each matched by the engine as a preview would.
   */
  async holdersOf(tenant: TenantEntity, teamsUserIds: string[]): Promise<Map<string, Holder[]>> {
    const holders = new Map<string, Holder[]>();
    for (let i = 0; i < teamsUserIds.length; i += HOLDER_BATCH) {
      const wanted = new Set(teamsUserIds.slice(i, i + HOLDER_BATCH));
      const addresses = await this.rows.where(
        TeamsAddressEntity,
        tenant.id,
        'teamsUserId',
        wanted,
        ['address'],
      );
      const byAddress = await this.rows.where(
        PbxUserEntity,
        tenant.id,
        'emailKey',
        addresses.map((a) => a.address),
        ['id', ...PBX_KEY],
      );
      const pinnedOrMapped = [
        ...(await this.mappings.toTeamsUsers(tenant.id, wanted)),
        ...(await this.rows.where(SyncedLinkEntity, tenant.id, 'teamsUserId', wanted, [
          'pbxUserId',
        ])),
      ].map((m) => m.pbxUserId);
      const seen = new Set(byAddress.map((p) => p.id));
      const candidates = [
        ...byAddress,
        ...(await this.pbxUsers(
          tenant.id,
          pinnedOrMapped.filter((id) => !seen.has(id)),
        )),
      ];
      const window = await this.window(tenant, candidates);
      for (const pbx of candidates) {
        const match = window.matchOf(pbx);
        if (!match.matched || !wanted.has(match.teamsUserId)) continue;
        const list = holders.get(match.teamsUserId) ?? [];
        list.push({ pbx, method: match.method });
        holders.set(match.teamsUserId, list);
      }
    }
    return holders;
  }

  /** Address → the Teams users that claim it, for these addresses only. */
  private async claimants(tenantId: string, addresses: string[]): Promise<Map<string, string[]>> {
    const index = new Map<string, string[]>();
    const claims = await this.rows.where(
      TeamsAddressEntity,
      tenantId,
      'address',
      addresses.filter(Boolean),
      ['teamsUserId'],
    );
    for (const { address, teamsUserId } of claims) {
      const ids = index.get(address);
      if (ids) ids.push(teamsUserId);
      else index.set(address, [teamsUserId]);
    }
    return index;
  }
}
