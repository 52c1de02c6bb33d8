import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { Caller } from '../access/caller';
import { PbxUserRow, TeamsUserRow } from '../snapshots/snapshot.entities';
import { ManualMappingRow } from './manual-mapping.entity';

/** Manual mappings: one Teams user per PBX user, set by an admin; they override automatic matching. */
@Injectable()
export class MappingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  list(tenantId: string): Promise<ManualMappingRow[]> {
    return this.dataSource
      .getRepository(ManualMappingRow)
      .find({ where: { tenantId }, order: { pbxUserId: 'ASC' } });
  }

  /** Replaces the PBX user's mapping if it has one. Users are checked against the last directory reads, when there are any. */
  async create(
    tenantId: string,
    input: { pbxUserId: string; teamsUserId: string },
    caller: Caller,
  ): Promise<ManualMappingRow> {
    const teamsUserId = input.teamsUserId.toLowerCase();
    const unknown = [];
    if (
      (await this.dataSource.getRepository(PbxUserRow).countBy({ tenantId })) > 0 &&
      !(await this.dataSource.getRepository(PbxUserRow).existsBy({ tenantId, id: input.pbxUserId }))
    )
      unknown.push('pbxUserId');
    if (
      (await this.dataSource.getRepository(TeamsUserRow).countBy({ tenantId })) > 0 &&
      !(await this.dataSource.getRepository(TeamsUserRow).existsBy({ tenantId, id: teamsUserId }))
    )
      unknown.push('teamsUserId');
    if (unknown.length)
      throw new DomainError(
        'VALIDATION_FAILED',
        'No such user in the last directory read.',
        unknown.map((field) => `${field}: not found`),
      );
    const repo = this.dataSource.getRepository(ManualMappingRow);
    const row: ManualMappingRow = {
      id: randomUUID(),
      tenantId,
      pbxUserId: input.pbxUserId,
      teamsUserId,
      createdBy: caller.operatorId,
      createdAt: this.clock.now(),
    };
    await repo.delete({ tenantId, pbxUserId: input.pbxUserId });
    await repo.insert(row);
    return row;
  }

  async remove(tenantId: string, mappingId: string): Promise<void> {
    const result = await this.dataSource
      .getRepository(ManualMappingRow)
      .delete({ tenantId, id: mappingId });
    if (!result.affected)
      throw new DomainError('MAPPING_NOT_FOUND', 'No such mapping for this tenant.');
  }
}
