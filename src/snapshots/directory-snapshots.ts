import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { inBatches } from '../common/streams/batches';
import { readAhead } from '../common/streams/read-ahead';
import { allEnded } from '../common/streams/all-ended';
import { KeyRing } from '../common/crypto/key-ring';
import { normaliseNumber } from '../matching/engine/normalise';
import { PolicyRef } from '../matching/engine/policy';
import { ManualMapping, PlanEntry, PlanInput } from '../matching/engine/types';
import { MicrosoftDirectory } from '../microsoft/microsoft-directory';
import { TeamsUserSettings } from '../microsoft/directory-records';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { PbxDirectory } from '../pbx/pbx-directory';
import { pbxAccountOf } from '../tenants/pbx-account';
import { TenantEntity } from '../tenants/tenant.entity';
import {
  DirectoryStateEntity,
  PbxUserEntity,
  storedTeamsSettings,
  TeamsAddressEntity,
  TeamsSettingsEntity,
  TeamsUserEntity,
} from './snapshot.entities';
import { SnapshotsRepository } from './snapshots.repository';
import { AffectedInput, AffectedSeeds, loadAffectedInput } from './affected-input';
import { DEFAULT_NUMBER_REGION, loadPlanInput } from './plan-input';

const PBX_CLOCK_MARGIN_MS = 60_000;
// Users stored per transaction on a full read (see inBatches); a page is a few hundred.
const STORE_BATCH = 10_000;

/**
 * What a read of changes found: the users it wrote, and the addresses and numbers they had before
 * it (their current ones are in the snapshots). `full` means the read had to take everything.
 */
export interface DirectoryChanges {
  full: boolean;
  ids: string[];
  formerAddresses: string[];
  formerNumbers: string[];
}

const everything = (): DirectoryChanges => ({
  full: true,
  ids: [],
  formerAddresses: [],
  formerNumbers: [],
});

/**
 * Reads both directories into per-tenant snapshots a batch of pages at a time: each batch is
 * upserted in one transaction as it is complete (the next one already on its way), so no
 * directory is ever held in memory whole.
 */
@Injectable()
export class DirectorySnapshots {
  constructor(
    private readonly rows: SnapshotsRepository,
    private readonly microsoft: MicrosoftDirectory,
    private readonly pbx: PbxDirectory,
    private readonly keyRing: KeyRing,
    private readonly clock: Clock,
  ) {}

  /** Pairs already right in Teams before any sync are taken over as synced, as the preview said. */
  async adoptExistingPairs(tenantId: string, plan: PlanEntry[]): Promise<void> {
    await this.rows.pinLinks(
      plan
        .filter((e) => e.change === 'unchanged' && !e.synced)
        .map((e) => ({
          tenantId,
          pbxUserId: e.pbxUserId!,
          teamsUserId: e.teamsUserId!,
          number: e.number!,
        })),
      this.clock.now(),
    );
  }

  /** The matching engine's input for the users some changes affect (see loadAffectedInput). */
  affectedInput(
    tenant: TenantEntity,
    manualMappings: ManualMapping[],
    voiceRoutingPolicy: PolicyRef | null,
    seeds: AffectedSeeds,
  ): Promise<AffectedInput> {
    return loadAffectedInput(this.rows, tenant, manualMappings, voiceRoutingPolicy, seeds);
  }

  /** The matching engine's input from this tenant's snapshots (see loadPlanInput). */
  planInput(
    tenant: TenantEntity,
    manualMappings: ManualMapping[],
    voiceRoutingPolicy: PolicyRef | null,
  ): Promise<PlanInput> {
    return loadPlanInput(this.rows, tenant, manualMappings, voiceRoutingPolicy);
  }

  state(tenantId: string): Promise<DirectoryStateEntity | null> {
    return this.rows.state(tenantId);
  }

  async readPbx(tenant: TenantEntity): Promise<number> {
    const readAt = this.clock.now();
    const seen = new Set(await this.storePbxPages(tenant));
    await this.rows.dropUnseen(PbxUserEntity, tenant.id, seen);
    await this.rows.refreshStatistics([PbxUserEntity]);
    // Whatever changed is in the snapshots now, unnamed: the next run plans the whole tenant.
    await this.rows.saveState(tenant.id, { pbxReadAt: readAt, planBasis: null });
    return seen.size;
  }

  /** Only the PBX users changed since the last read (deletions arrive as status `deleted`). */
  async readPbxChanges(tenant: TenantEntity): Promise<DirectoryChanges> {
    const since = (await this.state(tenant.id))?.pbxReadAt;
    if (!since) {
      await this.readPbx(tenant);
      return everything();
    }
    const readAt = this.clock.now();
    const changes: DirectoryChanges = { ...everything(), full: false };
    // A margin for clock skew between the PBX and this service; re-reading a user is harmless.
    await this.storePbxPages(tenant, new Date(since.getTime() - PBX_CLOCK_MARGIN_MS), changes);
    await this.rows.saveState(tenant.id, { pbxReadAt: readAt });
    return changes;
  }

  /**
   * Stores each page as it arrives; returns the ids read. `changes` collects the users that were
   * new or different (a user read again unchanged is not a change), with what each had before.
   */
  private async storePbxPages(
    tenant: TenantEntity,
    modifiedSince?: Date,
    changes?: DirectoryChanges,
  ): Promise<string[]> {
    const account = pbxAccountOf(tenant, this.keyRing);
    const ids: string[] = [];
    for await (const page of readAhead(
      inBatches(this.pbx.users(account, { modifiedSince }), STORE_BATCH),
    )) {
      const rows = page.map((u) => {
        const number = normaliseNumber(u.directNumber, DEFAULT_NUMBER_REGION);
        return {
          tenantId: tenant.id,
          id: u.id,
          email: u.email,
          firstName: u.firstName,
          lastName: u.lastName,
          extension: u.extension,
          directNumber: u.directNumber,
          e164: number.ok ? number.e164 : null,
          numberProblem: number.ok ? null : number.reason,
          status: u.status,
          secureCalling: u.secureCalling,
        };
      });
      const before = changes
        ? await this.rows.where(
            PbxUserEntity,
            tenant.id,
            'id',
            rows.map((r) => r.id),
            ['emailKey', 'e164'],
          )
        : [];
      const written = new Set(await this.rows.upsertPbxUsers(rows));
      changes?.ids.push(...written);
      for (const old of before)
        if (written.has(old.id)) {
          if (old.emailKey) changes!.formerAddresses.push(old.emailKey);
          if (old.e164) changes!.formerNumbers.push(old.e164);
        }
      for (const row of rows) ids.push(row.id);
    }
    return ids;
  }

  /** Everything from Microsoft 365; a delta link taken first lets later rounds catch what changes meanwhile. */
  async readMicrosoft(tenant: TenantEntity): Promise<number> {
    const tid = this.requireMicrosoftTenant(tenant);
    const readAt = this.clock.now();
    const deltaLink = await this.microsoft.latestUsersDeltaLink(tid);
    const seen = new Set<string>();
    // On a first read, a user not seen earlier in it has nothing stored.
    const firstRead = !(await this.rows.hasUsers(TeamsUserEntity, tenant.id));
    const readUsers = async () => {
      for await (const page of readAhead(inBatches(this.microsoft.users(tid), STORE_BATCH))) {
        const unstored = new Set(
          firstRead ? page.map((u) => u.id).filter((id) => !seen.has(id)) : [],
        );
        await this.rows.upsertTeamsUsers(
          page.map((u) => ({ ...u, tenantId: tenant.id })),
          unstored,
        );
        for (const u of page) seen.add(u.id);
      }
    };
    // Users and their Teams settings come from different APIs: one is read while the other is
    // written. Both end before anything else happens, even when one fails.
    await allEnded([readUsers(), this.readTeamsSettings(tenant.id, tid)]);
    await this.rows.dropUnseen(TeamsUserEntity, tenant.id, seen);
    await this.rows.refreshStatistics([TeamsUserEntity, TeamsAddressEntity]);
    await this.rows.saveState(tenant.id, {
      microsoftReadAt: readAt,
      deltaLinkEncrypted: this.keyRing.encrypt(deltaLink),
      planBasis: null,
    });
    return seen.size;
  }

  /** Only what changed since the last read (users delta); a full read when the link has expired. */
  async readMicrosoftChanges(tenant: TenantEntity): Promise<DirectoryChanges> {
    const tid = this.requireMicrosoftTenant(tenant);
    const state = await this.state(tenant.id);
    if (!state?.deltaLinkEncrypted) {
      await this.readMicrosoft(tenant);
      return everything();
    }
    const readAt = this.clock.now();
    const changes: DirectoryChanges = { ...everything(), full: false };
    const changed: string[] = [];
    const removed: string[] = [];
    let next: string | undefined;
    try {
      for await (const page of readAhead(
        this.microsoft.usersDelta(tid, this.keyRing.decrypt(state.deltaLinkEncrypted)),
      )) {
        const ids = page.removed.map((r) => r.id);
        await this.collectFormer(tenant.id, [...page.users.map((u) => u.id), ...ids], changes);
        await this.rows.upsertTeamsUsers(page.users.map((u) => ({ ...u, tenantId: tenant.id })));
        await this.rows.removeTeamsUsers(tenant.id, ids);
        removed.push(...ids);
        changed.push(...page.users.map((u) => u.id));
        next = page.deltaLink ?? next;
      }
    } catch (error) {
      if (error instanceof MicrosoftError && error.kind === 'delta_expired') {
        await this.readMicrosoft(tenant);
        return everything();
      }
      throw error;
    }
    // Teams settings have no delta: only the changed users' are read again.
    const settings = await this.microsoft.teamsUsersByIds(tid, changed);
    await this.storeTeamsSettings(
      tenant.id,
      [...settings.values()].filter((s) => s !== null),
    );
    await this.rows.saveState(tenant.id, {
      microsoftReadAt: readAt,
      ...(next ? { deltaLinkEncrypted: this.keyRing.encrypt(next) } : {}),
    });
    changes.ids = [...changed, ...removed];
    return changes;
  }

  /** The addresses and Teams numbers these Microsoft 365 users have before they are written. */
  private async collectFormer(
    tenantId: string,
    ids: string[],
    changes: DirectoryChanges,
  ): Promise<void> {
    for (const r of await this.rows.where(TeamsAddressEntity, tenantId, 'teamsUserId', ids, [
      'address',
    ]))
      changes.formerAddresses.push(r.address);
    for (const r of await this.rows.where(TeamsSettingsEntity, tenantId, 'userId', ids, [
      'numbers',
    ]))
      changes.formerNumbers.push(...r.numbers);
  }

  /**
   * The basis of the last recorded plan, cleared until the next plan is recorded: the changes read
   * meanwhile are named to that plan only, so if it is never recorded (its run crashed), the next
   * plan takes the whole tenant.
   */
  async takePlanBasis(tenantId: string): Promise<string | null> {
    const basis = (await this.state(tenantId))?.planBasis ?? null;
    if (basis !== null) await this.rows.saveState(tenantId, { planBasis: null });
    return basis;
  }

  /** What the plan just recorded started from (see Planning's basis). */
  async recordPlanBasis(tenantId: string, basis: string): Promise<void> {
    await this.rows.saveState(tenantId, { planBasis: basis });
  }

  private async storeTeamsSettings(tenantId: string, settings: TeamsUserSettings[]) {
    await this.rows.upsertTeamsSettings(settings.map((s) => storedTeamsSettings(tenantId, s)));
  }

  private async readTeamsSettings(tenantId: string, tid: string): Promise<void> {
    const seen = new Set<string>();
    for await (const page of readAhead(inBatches(this.microsoft.teamsUsers(tid), STORE_BATCH))) {
      await this.storeTeamsSettings(tenantId, page);
      for (const s of page) seen.add(s.id);
    }
    await this.rows.dropUnseen(TeamsSettingsEntity, tenantId, seen);
  }

  private requireMicrosoftTenant(tenant: TenantEntity): string {
    if (!tenant.microsoftTenantId)
      throw new MicrosoftError('auth_revoked', 'This tenant has not connected Microsoft 365 yet.');
    return tenant.microsoftTenantId;
  }
}
