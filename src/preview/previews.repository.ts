import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { insertInChunks } from '../database/chunks';
import { PlanEntry } from '../matching/engine/types';
import { PlanEntryRow, PreviewRow } from './preview.entities';

/** Stored previews and the plan behind each. */
@Injectable()
export class PreviewsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(preview: PreviewRow, plan: PlanEntry[]): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(PreviewRow).save(preview);
      await insertInChunks(
        tx,
        PlanEntryRow,
        plan.map((e, seq) => ({ previewId: preview.id, seq, ...e })),
      );
    });
  }

  latest(tenantId: string): Promise<PreviewRow | null> {
    return this.dataSource
      .getRepository(PreviewRow)
      .findOne({ where: { tenantId }, order: { generatedAt: 'DESC' } });
  }

  entries(previewId: string, change: string | undefined, page: number, pageSize: number) {
    return this.dataSource.getRepository(PlanEntryRow).findAndCount({
      where: change ? { previewId, change } : { previewId },
      order: { seq: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }
}
