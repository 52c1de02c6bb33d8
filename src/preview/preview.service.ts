import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { insertInChunks } from '../database/chunks';
import { runInTransaction } from '../database/transaction';
import { DirectorySnapshots } from '../snapshots/directory-snapshots';
import { PbxUserRow, TeamsUserRow } from '../snapshots/snapshot.entities';
import { buildPlan, summarisePlan } from '../matching/engine/plan';
import { REASONS, ReasonCode } from '../matching/engine/reasons';
import { MCOEV_PLAN_ID } from '../microsoft/directory-records';
import { MicrosoftDirectory } from '../microsoft/microsoft-directory';
import { TenantsRepository } from '../tenants/tenants.repository';
import { loadPlanInput } from '../snapshots/plan-input';
import { PlanEntryRow, PreviewRow } from './preview.entities';

export const PREVIEW_CHANGES = [
  'assign',
  'update',
  'remove',
  'unchanged',
  'blocked',
  'conflict',
  'unmatched',
] as const;

/** "What would a sync do?": the five figures, the licences, and the users behind each figure. */
@Injectable()
export class PreviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: TenantsRepository,
    private readonly snapshots: DirectorySnapshots,
    private readonly microsoft: MicrosoftDirectory,
    private readonly clock: Clock,
  ) {}

  /** Reads both directories unless both snapshots are younger than `maxAgeMinutes`. */
  async preview(tenantId: string, maxAgeMinutes: number) {
    const tenant = await this.tenants.require(tenantId);
    const tid = tenant.microsoftTenantId;
    if (!tid)
      throw new DomainError(
        'CONSENT_NOT_GRANTED',
        'Connect Microsoft 365 first: no Global Administrator has granted consent yet.',
      );
    const state = await this.snapshots.state(tenantId);
    const oldest = Math.min(
      state?.pbxReadAt?.getTime() ?? 0,
      state?.microsoftReadAt?.getTime() ?? 0,
    );
    const source =
      this.clock.now().getTime() - oldest > maxAgeMinutes * 60_000 ? 'fresh' : 'snapshot';
    if (source === 'fresh') {
      await this.snapshots.readPbx(tenant);
      await this.snapshots.readMicrosoft(tenant);
    }
    const [skus, policyId] = await Promise.all([
      this.microsoft.subscribedSkus(tid),
      tenant.voiceRoutingPolicy
        ? this.microsoft.voiceRoutingPolicyId(tid, tenant.voiceRoutingPolicy)
        : null,
    ]);
    const input = await loadPlanInput(this.dataSource, tenant, policyId);
    const plan = buildPlan(input);
    const microsoftLicenses = skus
      .filter((s) => s.servicePlans.some((p) => p.servicePlanId === MCOEV_PLAN_ID))
      .map((s) => ({
        skuId: s.skuId,
        skuPartNumber: s.skuPartNumber,
        enabled: s.prepaidUnits.enabled,
        consumed: s.consumedUnits,
      }));
    // Only a fresh read moved the read times; otherwise the state read above is current.
    const readAt = source === 'fresh' ? await this.snapshots.state(tenantId) : state;
    const summary = {
      ...summarisePlan(plan, tenant.connectorSeats, input.syncedLinks.length),
      microsoftLicenses,
      voiceRoutingPolicy: tenant.voiceRoutingPolicy
        ? { name: tenant.voiceRoutingPolicy, found: policyId !== null }
        : null,
      source,
      directoriesReadAt: {
        pbx: readAt?.pbxReadAt ?? null,
        microsoft: readAt?.microsoftReadAt ?? null,
      },
    };
    const preview: PreviewRow = {
      id: randomUUID(),
      tenantId,
      generatedAt: this.clock.now(),
      source,
      summary,
    };
    await runInTransaction(this.dataSource, async (manager) => {
      await manager.getRepository(PreviewRow).save(preview);
      await insertInChunks(
        manager,
        PlanEntryRow,
        plan.map((e, seq) => ({ previewId: preview.id, seq, ...e })),
      );
    });
    return { previewId: preview.id, ...summary, generatedAt: preview.generatedAt };
  }

  /** The users behind one figure of the latest preview, a page at a time. */
  async users(tenantId: string, change: string | undefined, page: number, pageSize: number) {
    const latest = await this.dataSource
      .getRepository(PreviewRow)
      .findOne({ where: { tenantId }, order: { generatedAt: 'DESC' } });
    if (!latest)
      throw new DomainError('NOT_FOUND', 'There is no preview yet: GET /sync/preview first.');
    const where = change ? { previewId: latest.id, change } : { previewId: latest.id };
    const [entries, total] = await this.dataSource
      .getRepository(PlanEntryRow)
      .findAndCount({ where, order: { seq: 'ASC' }, skip: (page - 1) * pageSize, take: pageSize });
    const pbxIds = entries.map((e) => e.pbxUserId).filter((id): id is string => id !== null);
    const teamsIds = entries.map((e) => e.teamsUserId).filter((id): id is string => id !== null);
    const [pbx, teams] = await Promise.all([
      pbxIds.length
        ? this.dataSource.getRepository(PbxUserRow).findBy({ tenantId, id: In(pbxIds) })
        : [],
      teamsIds.length
        ? this.dataSource.getRepository(TeamsUserRow).findBy({ tenantId, id: In(teamsIds) })
        : [],
    ]);
    const pbxById = new Map(pbx.map((u) => [u.id, u]));
    const teamsById = new Map(teams.map((u) => [u.id, u]));
    return {
      previewId: latest.id,
      generatedAt: latest.generatedAt,
      change: change ?? null,
      page,
      pageSize,
      total,
      items: entries.map((e) => {
        const p = e.pbxUserId ? pbxById.get(e.pbxUserId) : undefined;
        const t = e.teamsUserId ? teamsById.get(e.teamsUserId) : undefined;
        return {
          change: e.change,
          method: e.method,
          number: e.number,
          reason: e.reason,
          reasonMessage: e.reason ? (REASONS[e.reason as ReasonCode] ?? null) : null,
          pbxUser: p
            ? {
                id: p.id,
                email: p.email,
                name: `${p.firstName} ${p.lastName}`.trim(),
                extension: p.extension,
                directNumber: p.directNumber,
              }
            : e.pbxUserId
              ? { id: e.pbxUserId }
              : null,
          teamsUser: t
            ? { id: t.id, userPrincipalName: t.userPrincipalName, displayName: t.displayName }
            : e.teamsUserId
              ? { id: e.teamsUserId }
              : null,
        };
      }),
    };
  }
}
