import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, LessThan } from 'typeorm';
import { OperatorEntity, OperatorTenantEntity } from './operator.entity';

/** Operators and their tenant assignments. */
@Injectable()
export class OperatorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private operators(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(OperatorEntity);
  }

  findByEmail(email: string, manager?: EntityManager): Promise<OperatorEntity | null> {
    return this.operators(manager).findOneBy({ email: normaliseEmail(email) });
  }

  /**
   * Which of these tenant ids exist. Tenants sit above access in the module order, so their
   * table is read by name here, as the access guard does for the owners of runs and failures.
   */
  async existingTenantIds(ids: string[], manager?: EntityManager): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await (manager ?? this.dataSource.manager)
      .createQueryBuilder()
      .select('t.id', 'id')
      .from('tenants', 't')
      .where('t.id IN (:...ids)', { ids })
      .getRawMany();
    return new Set(rows.map((r) => r.id));
  }

  findById(id: string): Promise<OperatorEntity | null> {
    return this.operators().findOneBy({ id });
  }

  /** Provider admins who can sign in now. */
  activeProviderAdmins(manager?: EntityManager): Promise<number> {
    return this.operators(manager).countBy({ role: 'provider_admin', status: 'active' });
  }

  deletedBefore(before: Date): Promise<OperatorEntity[]> {
    return this.operators().findBy({ deletedAt: LessThan(before) });
  }

  /** Removes the operator and, by their foreign keys, their assignments, sessions and links. */
  async purge(id: string): Promise<void> {
    await this.operators().delete({ id });
  }

  list(): Promise<OperatorEntity[]> {
    return this.operators().find({ order: { email: 'ASC' } });
  }

  countAll(): Promise<number> {
    return this.operators().count();
  }

  async insert(operator: OperatorEntity, manager?: EntityManager): Promise<void> {
    await this.operators(manager).insert(operator);
  }

  async update(
    id: string,
    changes: Partial<OperatorEntity>,
    manager?: EntityManager,
  ): Promise<void> {
    await this.operators(manager).update({ id }, changes);
  }

  async tenantIds(operatorId: string, manager?: EntityManager): Promise<string[]> {
    const rows = await (manager ?? this.dataSource.manager)
      .getRepository(OperatorTenantEntity)
      .findBy({ operatorId });
    return rows.map((row) => row.tenantId);
  }

  async tenantIdsByOperator(operatorIds: string[]): Promise<Map<string, string[]>> {
    const rows = operatorIds.length
      ? await this.dataSource
          .getRepository(OperatorTenantEntity)
          .findBy({ operatorId: In(operatorIds) })
      : [];
    const byOperator = new Map<string, string[]>(operatorIds.map((id) => [id, []]));
    for (const row of rows) byOperator.get(row.operatorId)?.push(row.tenantId);
    return byOperator;
  }

  async assign(
    operatorId: string,
    tenantIds: string[],
    at: Date,
    manager?: EntityManager,
  ): Promise<void> {
    const repo = (manager ?? this.dataSource.manager).getRepository(OperatorTenantEntity);
    const existing = new Set((await repo.findBy({ operatorId })).map((r) => r.tenantId));
    const rows = tenantIds
      .filter((id) => !existing.has(id))
      .map((tenantId) => ({ operatorId, tenantId, createdAt: at }));
    if (rows.length) await repo.insert(rows);
  }

  /** The tenant admins and members assigned to a tenant, by e-mail address. */
  async ofTenant(tenantId: string): Promise<OperatorEntity[]> {
    return this.operators()
      .createQueryBuilder('o')
      .innerJoin(OperatorTenantEntity, 'a', 'a.operator_id = o.id')
      .where('a.tenant_id = :tenantId', { tenantId })
      .orderBy('o.email', 'ASC')
      .getMany();
  }

  async unassign(operatorId: string, tenantId: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(OperatorTenantEntity).delete({ operatorId, tenantId });
  }

  async replaceAssignments(
    operatorId: string,
    tenantIds: string[],
    at: Date,
    manager: EntityManager,
  ): Promise<void> {
    await manager.getRepository(OperatorTenantEntity).delete({ operatorId });
    await this.assign(operatorId, tenantIds, at, manager);
  }
}

/** E-mail addresses are compared trimmed, Unicode NFKC-normalised and case-folded. */
export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase();
}
