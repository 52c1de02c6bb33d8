import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull, LessThan, Not } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { isUniqueViolation } from '../database/unique-violation';
import { TenantEntity } from './tenant.entity';

@Injectable()
export class TenantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(TenantEntity);
  }

  exists(id: string): Promise<boolean> {
    return this.repo().existsBy({ id });
  }

  async require(id: string, manager?: EntityManager): Promise<TenantEntity> {
    const tenant = await this.repo(manager).findOneBy({ id });
    if (!tenant) throw new DomainError('TENANT_NOT_FOUND', 'No such tenant.');
    return tenant;
  }

  /** `null` means every tenant (provider admins); deleted tenants only when asked for, alone. */
  list(
    ids: string[] | null,
    options: { microsoftTenantId?: string; deleted?: boolean } = {},
  ): Promise<TenantEntity[]> {
    return this.repo().find({
      where: {
        ...(ids === null ? {} : { id: In(ids) }),
        ...(options.microsoftTenantId ? { microsoftTenantId: options.microsoftTenantId } : {}),
        deletedAt: options.deleted ? Not(IsNull()) : IsNull(),
      },
      order: { name: 'ASC' },
    });
  }

  /** When a tenant was deleted, or null while it is not (or does not exist). */
  async deletedAt(id: string): Promise<Date | null> {
    return (
      (await this.repo().findOne({ where: { id }, select: { deletedAt: true } }))?.deletedAt ?? null
    );
  }

  deletedBefore(before: Date): Promise<TenantEntity[]> {
    return this.repo().findBy({ deletedAt: LessThan(before) });
  }

  /** Removes the tenant and, by their foreign keys, everything stored for it. */
  async purge(id: string): Promise<void> {
    await this.repo().delete({ id });
  }

  findByMicrosoftTenant(microsoftTenantId: string): Promise<TenantEntity | null> {
    return this.repo().findOneBy({ microsoftTenantId });
  }

  async insert(tenant: TenantEntity, manager?: EntityManager): Promise<void> {
    await this.repo(manager).insert(tenant);
  }

  /**
   * Links the tenant to a Microsoft 365 tenant with the given consent fields; false when another
   * tenant holds that link (the unique index decides, so two racing consents cannot both win).
   */
  async linkMicrosoftTenant(
    id: string,
    microsoftTenantId: string,
    changes: Partial<TenantEntity>,
  ): Promise<boolean> {
    try {
      await this.repo().update({ id }, { ...changes, microsoftTenantId });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async update(id: string, changes: Partial<TenantEntity>): Promise<void> {
    await this.repo().update({ id }, changes);
  }
}
