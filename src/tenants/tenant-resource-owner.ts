import { Injectable, OnModuleInit } from '@nestjs/common';
import { ResourceOwners } from '../access/resource-owners';
import { TenantsRepository } from './tenants.repository';

/** Tells the access guard that a path's `:id` is a tenant, whether it exists, and whether it is deleted. */
@Injectable()
export class TenantResourceOwner implements OnModuleInit {
  constructor(
    private readonly owners: ResourceOwners,
    private readonly tenants: TenantsRepository,
  ) {}

  onModuleInit(): void {
    this.owners.register('id', {
      tenantOf: async (id) => ((await this.tenants.exists(id)) ? id : null),
      notFound: 'TENANT_NOT_FOUND',
      what: 'tenant',
    });
    this.owners.registerDeletion((tenantId) => this.tenants.deletedAt(tenantId));
  }
}
