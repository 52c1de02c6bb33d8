import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { UnitOfWork } from '../database/unit-of-work';
import { Caller } from '../access/caller';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import { TenantsRepository } from '../tenants/tenants.repository';
import { MappingDirectories } from './mapping-directories';
import { MappingImport, PBX_COLUMN } from './mapping-import';
import { MappingsRepository } from './mappings.repository';
import { mappingView, MappingView } from './mapping.view';

/** Manual mappings one at a time: a Teams user chosen by an admin for a PBX user. */
@Injectable()
export class MappingsService {
  constructor(
    private readonly mappings: MappingsRepository,
    private readonly tenants: TenantsRepository,
    private readonly directories: MappingDirectories,
    private readonly snapshots: SnapshotsRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async list(tenantId: string, page: number, pageSize: number) {
    await this.tenants.require(tenantId);
    const [rows, total] = await this.mappings.page(tenantId, page, pageSize);
    const pbx = new Map(
      (
        await this.snapshots.pbxUsers(
          tenantId,
          rows.map((r) => r.pbxUserId),
        )
      ).map((u) => [u.id, u]),
    );
    const teams = new Map(
      (
        await this.snapshots.teamsUsers(
          tenantId,
          rows.map((r) => r.teamsUserId),
        )
      ).map((u) => [u.id, u]),
    );
    return {
      page,
      pageSize,
      total,
      items: rows.map((m) => mappingView(m, pbx.get(m.pbxUserId), teams.get(m.teamsUserId))),
    };
  }

  /**
   * One mapping, checked as an import row is (the Teams user by object id, UPN or address). A
   * PBX user's existing mapping is replaced and the answer says so.
   */
  async create(
    tenantId: string,
    input: { pbxUserId: string; teamsUser: string },
    caller: Caller,
  ): Promise<{ mapping: MappingView; replaced: string | null }> {
    const tenant = await this.tenants.require(tenantId);
    const directory = await this.directories.of(tenant);
    const check = new MappingImport(directory, directory.manualMappings);
    check.add(1, input.pbxUserId, input.teamsUser);
    const outcome = check.finish();
    if (outcome.rejected.length > 0) {
      const [problem] = outcome.rejected;
      throw new DomainError('VALIDATION_FAILED', problem.message, [
        `${problem.column === PBX_COLUMN ? 'pbxUserId' : 'teamsUser'}: ${problem.code}`,
      ]);
    }
    const change = outcome.changes[0];
    if (!change?.teamsUserId)
      throw new DomainError('VALIDATION_FAILED', 'Name the Teams user to map the PBX user to.', [
        'teamsUser: must be a user, not REMOVE (DELETE the mapping instead)',
      ]);
    await this.unitOfWork.run((tx) =>
      this.mappings.apply(tenantId, [change], caller.operatorId, this.clock.now(), tx),
    );
    const saved = (await this.mappings.forPbxUser(tenantId, change.pbxUserId))!;
    const [pbx] = await this.snapshots.pbxUsers(tenantId, [saved.pbxUserId]);
    const [teams] = await this.snapshots.teamsUsers(tenantId, [saved.teamsUserId]);
    return {
      mapping: mappingView(saved, pbx, teams),
      replaced: change.kind === 'replace' ? change.previousTeamsUserId : null,
    };
  }

  async remove(tenantId: string, mappingId: string): Promise<void> {
    if (!(await this.mappings.remove(tenantId, mappingId)))
      throw new DomainError('MAPPING_NOT_FOUND', 'No such mapping for this tenant.');
  }
}
