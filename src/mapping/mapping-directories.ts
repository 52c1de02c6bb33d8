import { Injectable } from '@nestjs/common';
import { answeringFailures } from '../failures/as-domain-error';
import { DirectorySnapshots } from '../snapshots/directory-snapshots';
import { TenantEntity } from '../tenants/tenant.entity';
import { linkedMicrosoftTenant } from '../tenants/microsoft-tenant';
import { MappingDirectory } from './mapping-directory';
import { MappingsRepository } from './mappings.repository';

/**
 * The directories a mapping is checked against: the last reads, or a first read of both when a
 * side was never read (a template before any preview still lists the tenant's users).
 */
@Injectable()
export class MappingDirectories {
  constructor(
    private readonly snapshots: DirectorySnapshots,
    private readonly mappings: MappingsRepository,
  ) {}

  async of(tenant: TenantEntity): Promise<MappingDirectory> {
    linkedMicrosoftTenant(tenant);
    const state = await this.snapshots.state(tenant.id);
    if (!state?.pbxReadAt || !state.microsoftReadAt)
      await answeringFailures(async () => {
        await this.snapshots.readPbx(tenant);
        await this.snapshots.readMicrosoft(tenant);
      });
    const pairs = await this.mappings.pairs(tenant.id);
    return new MappingDirectory(await this.snapshots.planInput(tenant, pairs, null));
  }
}
