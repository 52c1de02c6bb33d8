import { Injectable } from '@nestjs/common';
import { answeringFailures } from '../failures/as-domain-error';
import { DirectorySnapshots } from '../snapshots/directory-snapshots';
import { PbxUserEntity, SyncedLinkEntity, TeamsUserEntity } from '../snapshots/snapshot.entities';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
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
    private readonly rows: SnapshotsRepository,
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
    const links = [];
    for await (const page of this.rows.pages(SyncedLinkEntity, tenant.id, 'pbxUserId', [
      'teamsUserId',
    ]))
      links.push(...page);
    const directory = new MappingDirectory(
      tenant.syncMode,
      await this.mappings.pairs(tenant.id),
      links,
    );
    for await (const page of this.rows.pages(PbxUserEntity, tenant.id, 'id', ['email', 'status']))
      directory.addPbxUsers(page);
    for await (const page of this.rows.pages(TeamsUserEntity, tenant.id, 'id', [
      'userPrincipalName',
      'mail',
      'proxyAddresses',
      'accountEnabled',
      'userType',
    ]))
      directory.addTeamsUsers(page);
    return directory;
  }
}
