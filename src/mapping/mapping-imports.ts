import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { TenantEntity } from '../tenants/tenant.entity';
import { MappingImportRowEntity } from './mapping-import-row.entity';
import { MappingImportRowsRepository } from './mapping-import-rows.repository';
import { ImportOutcome, MappingImport } from './mapping-import';
import { MappingLookups } from './mapping-lookups';
import { MappingsRepository } from './mappings.repository';

// Rows staged this long ago belong to an import whose process stopped before it answered.
const ABANDONED_AFTER_MS = 60 * 60_000;

export interface ImportResult {
  outcome: ImportOutcome;
  /** Whether the rows were applied: never for a dry run or a file with a rejected row. */
  applied: boolean;
  /** The rows that replace a mapping, in line order. */
  replaced: MappingImportRowEntity[];
}

/** Runs mapping imports, a file or a single mapping alike: checked, then all or nothing. */
@Injectable()
export class MappingImports {
  constructor(
    private readonly lookups: MappingLookups,
    private readonly staged: MappingImportRowsRepository,
    private readonly mappings: MappingsRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /**
   * `feed` adds the rows; they are then checked across, and applied in one transaction unless
   * it is a dry run or a row is rejected. The staged rows go when it answers, whatever happens.
   */
  async run(
    tenant: TenantEntity,
    options: { dryRun: boolean; createdBy: string },
    feed: (check: MappingImport) => Promise<void>,
  ): Promise<ImportResult> {
    const now = this.clock.now();
    await this.staged.sweep(new Date(now.getTime() - ABANDONED_AFTER_MS));
    const check = new MappingImport(tenant, this.lookups, this.staged, now);
    try {
      await feed(check);
      const outcome = await check.finish();
      const applied = !options.dryRun && outcome.rejected.length === 0;
      if (applied)
        await this.unitOfWork.run((tx) =>
          this.mappings.applyStaged(tenant.id, check.importId, options.createdBy, now, tx),
        );
      return { outcome, applied, replaced: await check.replacements() };
    } finally {
      await this.staged.discard(check.importId);
    }
  }
}
