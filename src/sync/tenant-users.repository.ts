import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { CHUNK_ROWS, upsertInChunks } from '../database/chunks';
import { PlanEntry } from '../matching/engine/types';
import { TenantUserEntity, UserState } from './sync.entities';

const fingerprint = (
  r: Pick<TenantUserEntity, 'teamsUserId' | 'method' | 'number' | 'state' | 'reason'>,
) => `${r.teamsUserId}|${r.method}|${r.number}|${r.state}|${r.reason}`;

/** The tenant_users table behind `GET /tenants/{id}/users`: where each PBX user stands. */
@Injectable()
export class TenantUsersRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** How many of the tenant's PBX users are in each state. */
  async countByState(tenantId: string): Promise<Partial<Record<UserState, number>>> {
    const rows: { state: UserState; n: string | number }[] = await this.dataSource
      .getRepository(TenantUserEntity)
      .createQueryBuilder('u')
      .select('u.state', 'state')
      .addSelect('COUNT(*)', 'n')
      .where('u.tenant_id = :tenantId', { tenantId })
      .groupBy('u.state')
      .getRawMany();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  list(tenantId: string, state: UserState | undefined, page: number, pageSize: number) {
    return this.dataSource.getRepository(TenantUserEntity).findAndCount({
      where: state ? { tenantId, state } : { tenantId },
      order: { pbxUserId: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }

  /**
   * Writes only the rows a plan changes, and drops users the plan no longer knows: of the whole
   * tenant, or of `scope` for a plan of only those PBX users.
   */
  async recordPlan(
    tenantId: string,
    runId: string,
    plan: PlanEntry[],
    applying: Set<string>,
    openFailures: Map<string, string>,
    scope: Set<string> | null = null,
  ): Promise<void> {
    const repo = this.dataSource.getRepository(TenantUserEntity);
    const existing = new Map(
      (await this.rowsOf(tenantId, scope)).map((r) => [r.pbxUserId, fingerprint(r)]),
    );
    const now = this.clock.now();
    const rows: TenantUserEntity[] = [];
    const seen = new Set<string>();
    for (const e of plan) {
      if (!e.pbxUserId || seen.has(e.pbxUserId)) continue;
      seen.add(e.pbxUserId);
      const [state, reason] = this.stateOf(e, applying, openFailures);
      const row: TenantUserEntity = {
        tenantId,
        pbxUserId: e.pbxUserId,
        teamsUserId: e.teamsUserId,
        method: e.method,
        number: e.number,
        state,
        reason,
        runId,
        updatedAt: now,
      };
      if (existing.get(e.pbxUserId) !== fingerprint(row)) rows.push(row);
    }
    await upsertInChunks(this.dataSource.manager, TenantUserEntity, rows, [
      'tenantId',
      'pbxUserId',
    ]);
    const gone = [...existing.keys()].filter((id) => !seen.has(id));
    for (let i = 0; i < gone.length; i += 400)
      await repo.delete({ tenantId, pbxUserId: In(gone.slice(i, i + 400)) });
  }

  /**
   * The PBX users whose last plan left them waiting: to be applied, failed, or held back for want
   * of a seat.
   */
  async waiting(tenantId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource
      .getRepository(TenantUserEntity)
      .createQueryBuilder('u')
      .select('u.pbxUserId', 'id')
      .where('u.tenantId = :tenantId', { tenantId })
      .andWhere(
        new Brackets((q) =>
          q
            .where('u.state IN (:...states)', { states: ['pending', 'failed'] })
            .orWhere('u.reason = :reason', { reason: 'NO_SEAT_LEFT' }),
        ),
      )
      .getRawMany();
    return rows.map((r) => r.id);
  }

  private async rowsOf(tenantId: string, scope: Set<string> | null): Promise<TenantUserEntity[]> {
    const repo = this.dataSource.getRepository(TenantUserEntity);
    if (!scope) return repo.findBy({ tenantId });
    const ids = [...scope];
    const rows: TenantUserEntity[] = [];
    for (let i = 0; i < ids.length; i += CHUNK_ROWS)
      rows.push(...(await repo.findBy({ tenantId, pbxUserId: In(ids.slice(i, i + CHUNK_ROWS)) })));
    return rows;
  }

  /** What became of the users of a wave when the run applied their changes. */
  async recordOutcomes(
    manager: EntityManager,
    rows: Omit<TenantUserEntity, 'updatedAt'>[],
  ): Promise<void> {
    const updatedAt = this.clock.now();
    await upsertInChunks(
      manager,
      TenantUserEntity,
      rows.map((r) => ({ ...r, updatedAt })),
      ['tenantId', 'pbxUserId'],
    );
  }

  private stateOf(
    e: PlanEntry,
    applying: Set<string>,
    openFailures: Map<string, string>,
  ): [UserState, string | null] {
    switch (e.change) {
      case 'unchanged':
        return ['synced', null];
      case 'blocked':
      case 'conflict':
      case 'unmatched':
        return [e.change, e.reason];
      default: {
        const failure = openFailures.get(e.pbxUserId!);
        if (!applying.has(e.pbxUserId!) && failure) return ['failed', failure];
        return ['pending', e.reason];
      }
    }
  }
}
