import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { Caller } from '../access/caller';
import { DirectorySnapshots } from '../snapshots/directory-snapshots';
import { MappingsRepository } from './mappings.repository';
import { mappingView, MappingView } from './mapping.view';

/** Manual mappings: one Teams user per PBX user, set by an admin; they override automatic matching. */
@Injectable()
export class MappingsService {
  constructor(
    private readonly mappings: MappingsRepository,
    private readonly snapshots: DirectorySnapshots,
    private readonly clock: Clock,
  ) {}

  async list(tenantId: string): Promise<MappingView[]> {
    return (await this.mappings.list(tenantId)).map(mappingView);
  }

  /** Replaces the PBX user's mapping if it has one. Users are checked against the last directory reads, when there are any. */
  async create(
    tenantId: string,
    input: { pbxUserId: string; teamsUserId: string },
    caller: Caller,
  ): Promise<MappingView> {
    const teamsUserId = input.teamsUserId.toLowerCase();
    const known = await this.snapshots.knownUsers(tenantId, input.pbxUserId, teamsUserId);
    const unknown = [];
    if (known.pbx === false) unknown.push('pbxUserId');
    if (known.teams === false) unknown.push('teamsUserId');
    if (unknown.length)
      throw new DomainError(
        'VALIDATION_FAILED',
        'No such user in the last directory read.',
        unknown.map((field) => `${field}: not found`),
      );
    const row = {
      id: randomUUID(),
      tenantId,
      pbxUserId: input.pbxUserId,
      teamsUserId,
      createdBy: caller.operatorId,
      createdAt: this.clock.now(),
    };
    await this.mappings.replace(row);
    return mappingView(row);
  }

  async remove(tenantId: string, mappingId: string): Promise<void> {
    if (!(await this.mappings.remove(tenantId, mappingId)))
      throw new DomainError('MAPPING_NOT_FOUND', 'No such mapping for this tenant.');
  }
}
