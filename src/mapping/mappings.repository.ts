import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { insertInChunks } from '../database/chunks';
import { ManualMapping } from '../matching/engine/types';
import { ManualMappingEntity } from './manual-mapping.entity';
import { MappingChange } from './mapping-import';

const CHUNK = 400;

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

  /** The pairs as the matching engine takes them. */
  async pairs(tenantId: string): Promise<ManualMapping[]> {
    return (await this.rows().findBy({ tenantId })).map((m) => ({
      pbxUserId: m.pbxUserId,
      teamsUserId: m.teamsUserId,
    }));
  }

  /** Applies an import's changes: removals and replacements go first, then the new pairs. */
  async apply(
    tenantId: string,
    changes: MappingChange[],
    createdBy: string,
    createdAt: Date,
    tx: EntityManager,
  ): Promise<void> {
    const touched = changes.filter((c) => c.kind !== 'unchanged').map((c) => c.pbxUserId);
    for (let i = 0; i < touched.length; i += CHUNK)
      await this.rows(tx).delete({ tenantId, pbxUserId: In(touched.slice(i, i + CHUNK)) });
    const rows = changes
      .filter((c) => c.teamsUserId && (c.kind === 'create' || c.kind === 'replace'))
      .map((c) => ({
        id: randomUUID(),
        tenantId,
        pbxUserId: c.pbxUserId,
        teamsUserId: c.teamsUserId!,
        createdBy,
        createdAt,
      }));
    await insertInChunks(tx, ManualMappingEntity, rows);
  }

  /** Whether a mapping went. */
  async remove(tenantId: string, id: string): Promise<boolean> {
    return ((await this.rows().delete({ tenantId, id })).affected ?? 0) > 0;
  }
}
