import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { insertInChunks } from '../database/chunks';
import { ADDRESS_MISMATCH } from '../matching/engine/plan';
import { PlanEntry } from '../matching/engine/types';
import { PlanEntryEntity, PreviewEntity } from './preview.entities';

export interface PreviewUsersFilter {
  change?: string;
  figure?: 'newMatchesToSync' | 'missingToRemove';
}

/** Previews kept per tenant: the latest is the one read; a few more cover readers mid-page. */
export const PREVIEWS_KEPT = 3;

const ROWS_PER_BATCH = 10_000;

/** Stored previews and the plan behind each. */
@Injectable()
export class PreviewsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the preview and prunes the tenant's older ones, so previews cannot fill the database. */
  async insert(preview: PreviewEntity, plan: PlanEntry[]): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(PreviewEntity).save(preview);
      // Rows made a batch at a time: the plan is not copied whole.
      for (let from = 0; from < plan.length; from += ROWS_PER_BATCH)
        await insertInChunks(
          tx,
          PlanEntryEntity,
          plan
            .slice(from, from + ROWS_PER_BATCH)
            .map((e, i) => ({ previewId: preview.id, seq: from + i, ...e })),
        );
      const older = await tx.getRepository(PreviewEntity).find({
        select: { id: true },
        where: { tenantId: preview.tenantId },
        order: { generatedAt: 'DESC' },
        skip: PREVIEWS_KEPT,
      });
      const ids = older.map((p) => p.id);
      if (ids.length === 0) return;
      await tx.getRepository(PlanEntryEntity).delete({ previewId: In(ids) });
      await tx.getRepository(PreviewEntity).delete({ id: In(ids) });
    });
  }

  latest(tenantId: string): Promise<PreviewEntity | null> {
    return this.dataSource
      .getRepository(PreviewEntity)
      .findOne({ where: { tenantId }, order: { generatedAt: 'DESC' } });
  }

  /** One page of a preview's entries: all of them, one change, or the users behind a figure. */
  entries(previewId: string, filter: PreviewUsersFilter, page: number, pageSize: number) {
    const where =
      filter.figure === 'missingToRemove'
        ? [
            { previewId, change: 'remove' },
            { previewId, change: 'unmatched', reason: In(ADDRESS_MISMATCH) },
          ]
        : filter.figure === 'newMatchesToSync'
          ? { previewId, change: 'assign' }
          : filter.change
            ? { previewId, change: filter.change }
            : { previewId };
    return this.dataSource.getRepository(PlanEntryEntity).findAndCount({
      where,
      order: { seq: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }
}
