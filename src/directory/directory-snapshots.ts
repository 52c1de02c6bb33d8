import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThan } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { KeyRing } from '../common/crypto/key-ring';
import { upsertInChunks } from '../database/chunks';
import { normaliseNumber } from '../matching/engine/normalise';
import { MicrosoftDirectory } from '../microsoft/microsoft-directory';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { PbxDirectory } from '../pbx/pbx-directory';
import { TenantEntity } from '../tenants/tenant.entity';
import { DirectoryStateRow, PbxUserRow, TeamsSettingsRow, TeamsUserRow } from './snapshot.entities';

// Numbers written without a country code are read as North American.
export const DEFAULT_NUMBER_REGION = 'US';

/**
 * Reads both directories into per-tenant snapshots, a page at a time: each page is upserted as
 * it arrives, so no directory is ever held in memory whole, let alone twice.
 */
@Injectable()
export class DirectorySnapshots {
  constructor(
    private readonly dataSource: DataSource,
    private readonly microsoft: MicrosoftDirectory,
    private readonly pbx: PbxDirectory,
    private readonly keyRing: KeyRing,
    private readonly clock: Clock,
  ) {}

  state(tenantId: string): Promise<DirectoryStateRow | null> {
    return this.dataSource.getRepository(DirectoryStateRow).findOneBy({ tenantId });
  }

  async readPbx(tenant: TenantEntity): Promise<number> {
    const seenAt = this.clock.now();
    const account = {
      apiUrl: tenant.pbxApiUrl,
      accountId: tenant.pbxAccountId,
      clientId: tenant.pbxClientId,
      clientSecret: this.keyRing.decrypt(tenant.pbxClientSecretEncrypted ?? ''),
    };
    let count = 0;
    for await (const page of this.pbx.users(account)) {
      const rows: PbxUserRow[] = page.map((u) => {
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
          seenAt,
        };
      });
      await upsertInChunks(this.dataSource.manager, PbxUserRow, rows, ['tenantId', 'id']);
      count += rows.length;
    }
    await this.dataSource
      .getRepository(PbxUserRow)
      .delete({ tenantId: tenant.id, seenAt: LessThan(seenAt) });
    await this.saveState(tenant.id, { pbxReadAt: seenAt });
    return count;
  }

  /** Everything from Microsoft 365; a delta link taken first lets later rounds catch what changes meanwhile. */
  async readMicrosoft(tenant: TenantEntity): Promise<number> {
    const tid = this.requireMicrosoftTenant(tenant);
    const seenAt = this.clock.now();
    const deltaLink = await this.microsoft.latestUsersDeltaLink(tid);
    let count = 0;
    for await (const page of this.microsoft.users(tid)) {
      await upsertInChunks(
        this.dataSource.manager,
        TeamsUserRow,
        page.map((u) => ({ ...u, tenantId: tenant.id, seenAt })),
        ['tenantId', 'id'],
      );
      count += page.length;
    }
    await this.readTeamsSettings(tenant.id, tid, seenAt);
    await this.dataSource
      .getRepository(TeamsUserRow)
      .delete({ tenantId: tenant.id, seenAt: LessThan(seenAt) });
    await this.saveState(tenant.id, {
      microsoftReadAt: seenAt,
      deltaLinkEncrypted: this.keyRing.encrypt(deltaLink),
    });
    return count;
  }

  /** Only what changed since the last read (users delta); a full read when the link has expired. */
  async readMicrosoftChanges(tenant: TenantEntity): Promise<{ full: boolean; changed: number }> {
    const tid = this.requireMicrosoftTenant(tenant);
    const state = await this.state(tenant.id);
    if (!state?.deltaLinkEncrypted)
      return { full: true, changed: await this.readMicrosoft(tenant) };
    const seenAt = this.clock.now();
    let changed = 0;
    let next: string | undefined;
    try {
      for await (const page of this.microsoft.usersDelta(
        tid,
        this.keyRing.decrypt(state.deltaLinkEncrypted),
      )) {
        await upsertInChunks(
          this.dataSource.manager,
          TeamsUserRow,
          page.users.map((u) => ({ ...u, tenantId: tenant.id, seenAt })),
          ['tenantId', 'id'],
        );
        if (page.removed.length)
          await this.dataSource
            .getRepository(TeamsUserRow)
            .delete({ tenantId: tenant.id, id: In(page.removed.map((r) => r.id)) });
        changed += page.users.length + page.removed.length;
        next = page.deltaLink ?? next;
      }
    } catch (error) {
      if (error instanceof MicrosoftError && error.kind === 'delta_expired')
        return { full: true, changed: await this.readMicrosoft(tenant) };
      throw error;
    }
    await this.readTeamsSettings(tenant.id, tid, seenAt);
    await this.saveState(tenant.id, {
      microsoftReadAt: seenAt,
      ...(next ? { deltaLinkEncrypted: this.keyRing.encrypt(next) } : {}),
    });
    return { full: false, changed };
  }

  private async readTeamsSettings(tenantId: string, tid: string, seenAt: Date): Promise<void> {
    for await (const page of this.microsoft.teamsUsers(tid)) {
      const rows: TeamsSettingsRow[] = page.map((s) => ({
        tenantId,
        userId: s.id,
        accountType: s.accountType,
        enterpriseVoice: s.enterpriseVoiceEnabled,
        numbers: s.numbers,
        voiceRoutingPolicyId: s.voiceRoutingPolicyId,
        seenAt,
      }));
      await upsertInChunks(this.dataSource.manager, TeamsSettingsRow, rows, ['tenantId', 'userId']);
    }
    await this.dataSource
      .getRepository(TeamsSettingsRow)
      .delete({ tenantId, seenAt: LessThan(seenAt) });
  }

  private requireMicrosoftTenant(tenant: TenantEntity): string {
    if (!tenant.microsoftTenantId)
      throw new MicrosoftError('auth_revoked', 'This tenant has not connected Microsoft 365 yet.');
    return tenant.microsoftTenantId;
  }

  private async saveState(tenantId: string, changes: Partial<DirectoryStateRow>): Promise<void> {
    const repo = this.dataSource.getRepository(DirectoryStateRow);
    const current = (await repo.findOneBy({ tenantId })) ?? {
      tenantId,
      pbxReadAt: null,
      microsoftReadAt: null,
      deltaLinkEncrypted: null,
    };
    await repo.save({ ...current, ...changes });
  }
}
