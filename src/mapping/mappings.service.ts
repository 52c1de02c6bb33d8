import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log';
import type { FieldProblem } from '../common/errors/field-problems';
import { DomainError } from '../common/errors/domain-error';
import { Caller } from '../access/caller';
import { People, PeopleOnPage } from '../snapshots/people';
import { TenantsRepository } from '../tenants/tenants.repository';
import { MappingLookups } from './mapping-lookups';
import { PBX_COLUMN, REMOVE_MARKER } from './mapping-import';
import { MappingImports } from './mapping-imports';
import { MappingsRepository } from './mappings.repository';
import { mappingView, MappingView } from './mapping.view';

/** Manual mappings one at a time: a Teams user chosen by an admin for a PBX user. */
@Injectable()
export class MappingsService {
  constructor(
    private readonly mappings: MappingsRepository,
    private readonly tenants: TenantsRepository,
    private readonly lookups: MappingLookups,
    private readonly people: People,
    private readonly imports: MappingImports,
    private readonly audit: AuditLog,
  ) {}

  async list(tenantId: string, page: number, pageSize: number) {
    await this.tenants.require(tenantId);
    const [rows, total] = await this.mappings.page(tenantId, page, pageSize);
    const people = await this.people.onPage(
      tenantId,
      rows.map((r) => r.pbxUserId),
      rows.map((r) => r.teamsUserId),
    );
    return { page, pageSize, total, items: rows.map((m) => mappingView(m, people)) };
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
    if (input.teamsUser.trim().toUpperCase() === REMOVE_MARKER)
      throw new DomainError('VALIDATION_FAILED', 'Name the Teams user to map the PBX user to.', [
        {
          field: 'teamsUser',
          code: 'FIELD_INVALID',
          message: 'teamsUser must be a user, not REMOVE (DELETE the mapping instead).',
        },
      ] satisfies FieldProblem[]);
    const tenant = await this.tenants.require(tenantId);
    await this.lookups.ready(tenant);
    const { outcome, replaced } = await this.imports.run(
      tenant,
      { dryRun: false, createdBy: caller.operatorId },
      (check) => check.add([{ line: 1, pbxCell: input.pbxUserId, teamsCell: input.teamsUser }]),
    );
    if (outcome.rejected.length > 0) {
      const [problem] = outcome.rejected;
      throw new DomainError('VALIDATION_FAILED', problem.message, [
        {
          field: problem.column === PBX_COLUMN ? 'pbxUserId' : 'teamsUser',
          code: problem.code,
          message: problem.message,
        },
      ] satisfies FieldProblem[]);
    }
    const saved = (await this.mappings.forPbxUser(tenantId, input.pbxUserId))!;
    const previous = replaced[0]?.previousTeamsUserId ?? null;
    const people = await this.people.onPage(
      tenantId,
      [saved.pbxUserId],
      [saved.teamsUserId, previous],
    );
    await this.audit.record(
      tenantId,
      'mapping.created',
      `${pairName(people, saved.pbxUserId, saved.teamsUserId)} mapped by hand${previous ? `, instead of ${teamsName(people, previous)}` : ''}.`,
    );
    return { mapping: mappingView(saved, people), replaced: previous };
  }

  async remove(tenantId: string, mappingId: string): Promise<void> {
    const removed = await this.mappings.remove(tenantId, mappingId);
    if (!removed) throw new DomainError('MAPPING_NOT_FOUND', 'No such mapping for this tenant.');
    const people = await this.people.onPage(tenantId, [removed.pbxUserId], [removed.teamsUserId]);
    await this.audit.record(
      tenantId,
      'mapping.deleted',
      `The mapping of ${pairName(people, removed.pbxUserId, removed.teamsUserId)} was deleted.`,
    );
  }
}

function teamsName(people: PeopleOnPage, id: string): string {
  return people.teams(id)?.userPrincipalName ?? id;
}

/** "PBX user p1 (ada@…) to Teams user ada@…", as far as the directories were read. */
function pairName(people: PeopleOnPage, pbxUserId: string, teamsUserId: string): string {
  const pbx = people.pbx(pbxUserId);
  return `PBX user ${pbx.id}${pbx.email ? ` (${pbx.email})` : ''} to Teams user ${teamsName(people, teamsUserId)}`;
}
