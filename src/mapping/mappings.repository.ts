import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ManualMapping } from '../matching/engine/types';
import { ManualMappingEntity } from './manual-mapping.entity';

/** The manual mappings table. */
@Injectable()
export class MappingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(ManualMappingEntity);
  }

  list(tenantId: string): Promise<ManualMappingEntity[]> {
    return this.rows.find({ where: { tenantId }, order: { pbxUserId: 'ASC' } });
  }

  /** The pairs as the matching engine takes them. */
  async pairs(tenantId: string): Promise<ManualMapping[]> {
    return (await this.rows.findBy({ tenantId })).map((m) => ({
      pbxUserId: m.pbxUserId,
      teamsUserId: m.teamsUserId,
    }));
  }

  /** Replaces the PBX user's mapping, if it has one. */
  async replace(row: ManualMappingEntity): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(ManualMappingEntity);
      await repo.delete({ tenantId: row.tenantId, pbxUserId: row.pbxUserId });
      await repo.insert(row);
    });
  }

  /** Whether a mapping went. */
  async remove(tenantId: string, id: string): Promise<boolean> {
    return ((await this.rows.delete({ tenantId, id })).affected ?? 0) > 0;
  }
}
