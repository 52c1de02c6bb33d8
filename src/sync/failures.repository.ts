import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, FindOptionsWhere, In, IsNull, Not } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { SyncFailureEntity } from './sync.entities';

export interface FailureFilter {
  code?: string;
  open?: boolean;
  page: number;
  pageSize: number;
}

/** What a failure says, as it is opened or opened again. */
export type FailureFields = Omit<
  SyncFailureEntity,
  'id' | 'tenantId' | 'pbxUserId' | 'attempts' | 'createdAt' | 'resolvedAt'
>;

/** The per-user failures table: open until a later run brings the user in line. */
@Injectable()
export class FailuresRepository {
  constructor(private readonly dataSource: DataSource) {}

  private rows(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(SyncFailureEntity);
  }

  find(id: string): Promise<SyncFailureEntity | null> {
    return this.rows().findOneBy({ id });
  }

  async require(id: string): Promise<SyncFailureEntity> {
    const failure = await this.find(id);
    if (!failure) throw new DomainError('FAILURE_NOT_FOUND', 'No such failure.');
    return failure;
  }

  list(tenantId: string, filter: FailureFilter) {
    const where: FindOptionsWhere<SyncFailureEntity> = { tenantId };
    if (filter.code) where.code = filter.code;
    if (filter.open !== undefined) where.resolvedAt = filter.open ? IsNull() : Not(IsNull());
    return this.rows().findAndCount({
      where,
      order: { updatedAt: 'DESC', id: 'ASC' },
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    });
  }

  /** The tenant's open failures counted by code, most frequent first. */
  async openByCode(tenantId: string): Promise<{ code: string; count: number }[]> {
    const rows: { code: string; n: string | number }[] = await this.rows()
      .createQueryBuilder('f')
      .select('f.code', 'code')
      .addSelect('COUNT(*)', 'n')
      .where('f.tenant_id = :tenantId AND f.resolved_at IS NULL', { tenantId })
      .groupBy('f.code')
      .getRawMany();
    return rows
      .map((r) => ({ code: r.code, count: Number(r.n) }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  }

  open(tenantId: string): Promise<SyncFailureEntity[]> {
    return this.rows().findBy({ tenantId, resolvedAt: IsNull() });
  }

  /** Opens the user's failure, or updates the open one and counts one more attempt. */
  async record(
    tx: EntityManager,
    tenantId: string,
    pbxUserId: string,
    fields: (attempts: number) => FailureFields,
    now: Date,
  ): Promise<void> {
    const open = await this.rows(tx).findOneBy({ tenantId, pbxUserId, resolvedAt: IsNull() });
    const attempts = (open?.attempts ?? 0) + 1;
    if (open) await this.rows(tx).update({ id: open.id }, { ...fields(attempts), attempts });
    else
      await this.rows(tx).insert({
        id: randomUUID(),
        tenantId,
        pbxUserId,
        createdAt: now,
        resolvedAt: null,
        attempts,
        ...fields(attempts),
      });
  }

  /** The users are in line now: their open failures are resolved. */
  async resolve(tx: EntityManager, tenantId: string, pbxUserIds: string[], now: Date) {
    if (pbxUserIds.length === 0) return;
    await this.rows(tx).update(
      { tenantId, pbxUserId: In(pbxUserIds), resolvedAt: IsNull() },
      { resolvedAt: now, updatedAt: now },
    );
  }
}
