import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { TenantEntity } from './tenant.entity';

@Injectable()
export class TenantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(TenantEntity);
  }

  async require(id: string, manager?: EntityManager): Promise<TenantEntity> {
    const tenant = await this.repo(manager).findOneBy({ id });
    if (!tenant) throw new DomainError('TENANT_NOT_FOUND', 'No such tenant.');
    return tenant;
  }

  /** `null` means every tenant (provider admins). */
  list(ids: string[] | null): Promise<TenantEntity[]> {
    return this.repo().find({ where: ids === null ? {} : { id: In(ids) }, order: { name: 'ASC' } });
  }

  findByMicrosoftTenant(microsoftTenantId: string): Promise<TenantEntity | null> {
    return this.repo().findOneBy({ microsoftTenantId });
  }

  async insert(tenant: TenantEntity, manager?: EntityManager): Promise<void> {
    await this.repo(manager).insert(tenant);
  }

  async update(id: string, changes: Partial<TenantEntity>): Promise<void> {
    await this.repo().update({ id }, changes);
  }
}
