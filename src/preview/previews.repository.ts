import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { insertInChunks } from '../database/chunks';
import { PlanEntry } from '../matching/engine/types';
import { PlanEntryEntity, PreviewEntity } from './preview.entities';

/** Stored previews and the plan behind each. */
@Injectable()
export class PreviewsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(preview: PreviewEntity, plan: PlanEntry[]): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(PreviewEntity).save(preview);
      await insertInChunks(
        tx,
        PlanEntryEntity,
        plan.map((e, seq) => ({ previewId: preview.id, seq, ...e })),
      );
    });
  }

  latest(tenantId: string): Promise<PreviewEntity | null> {
    return this.dataSource
      .getRepository(PreviewEntity)
      .findOne({ where: { tenantId }, order: { generatedAt: 'DESC' } });
  }

  entries(previewId: string, change: string | undefined, page: number, pageSize: number) {
    return this.dataSource.getRepository(PlanEntryEntity).findAndCount({
      where: change ? { previewId, change } : { previewId },
      order: { seq: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }
}
