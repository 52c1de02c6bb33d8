import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import { pagesOf, rowsWhereIn } from '../database/tenant-rows';
import { ManualMapping } from '../matching/engine/types';
import { ManualMappingEntity } from './manual-mapping.entity';

/** The manual mappings table. */
@Injectable()
export class MappingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private rows(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(ManualMappingEntity);
  }

  page(tenantId: string, page: number, pageSize: number): Promise<[ManualMappingEntity[], number]> {
    return this.rows().findAndCount({
      where: { tenantId },
      order: { pbxUserId: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }

  forPbxUser(tenantId: string, pbxUserId: string): Promise<ManualMappingEntity | null> {
    return this.rows().findOneBy({ tenantId, pbxUserId });
  }

  /** The manual mappings of these PBX users. */
  ofPbxUsers(tenantId: string, pbxUserIds: Iterable<string>): Promise<ManualMapping[]> {
    return rowsWhereIn(
      this.dataSource.manager,
      ManualMappingEntity,
      { tenantId },
      'pbxUserId',
      pbxUserIds,
      ['teamsUserId'],
    );
  }

  /** The manual mappings to these Teams users. */
  toTeamsUsers(tenantId: string, teamsUserIds: Iterable<string>): Promise<ManualMapping[]> {
    return rowsWhereIn(
      this.dataSource.manager,
      ManualMappingEntity,
      { tenantId },
      'teamsUserId',
      teamsUserIds,
      ['pbxUserId'],
    );
  }

  /** A tenant's manual mappings a page at a time, by PBX user id. */
  pages(tenantId: string) {
    return pagesOf(this.dataSource.manager, ManualMappingEntity, tenantId, 'pbxUserId', [
      'teamsUserId',
    ]);
  }

  /** The pairs as the matching engine takes them. */
  async pairs(tenantId: string): Promise<ManualMapping[]> {
    return (await this.rows().findBy({ tenantId })).map((m) => ({
      pbxUserId: m.pbxUserId,
      teamsUserId: m.teamsUserId,
    }));
  }

  /**
   * Applies the rows an import staged: the mappings of the PBX users it touches go, then the new
   * ones are written, each in one statement, whatever the size of the file.
   */
  async applyStaged(
    tenantId: string,
    importId: string,
    createdBy: string,
    createdAt: Date,
    tx: EntityManager,
  ): Promise<void> {
    const run = (sql: string, params: ObjectLiteral) => {
      const [query, values] = tx.connection.driver.escapeQueryWithParameters(sql, params);
      return tx.query(query, values);
    };
    await run(
      `DELETE FROM manual_mappings WHERE tenant_id = :tenantId AND pbx_user_id IN (
         SELECT pbx_user_id FROM mapping_import_rows
         WHERE import_id = :importId AND kind IN ('create', 'replace', 'remove'))`,
      { tenantId, importId },
    );
    await run(
      `INSERT INTO manual_mappings (id, tenant_id, pbx_user_id, teams_user_id, created_by, created_at)
       SELECT mapping_id, CAST(:tenantId AS VARCHAR(36)), pbx_user_id, teams_user_id,
         CAST(:createdBy AS VARCHAR(36)), CAST(:createdAt AS BIGINT)
       FROM mapping_import_rows WHERE import_id = :importId AND kind IN ('create', 'replace')`,
      { tenantId, importId, createdBy, createdAt: createdAt.getTime() },
    );
  }

  /** The mapping that went, or null when there was none. */
  async remove(tenantId: string, id: string): Promise<ManualMappingEntity | null> {
    const mapping = await this.rows().findOneBy({ tenantId, id });
    if (!mapping) return null;
    await this.rows().delete({ tenantId, id });
    return mapping;
  }
}
