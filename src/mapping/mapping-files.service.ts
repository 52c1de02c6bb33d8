import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log';
import { Readable } from 'node:stream';
import { AppConfig } from '../config/config';
import { csvStream } from '../common/csv/csv-writer';
import { readCsvTable } from '../common/csv/csv-table';
import { CsvTooManyRows, CsvUnreadable } from '../common/csv/csv-problem';
import { DomainError } from '../common/errors/domain-error';
import { Caller } from '../access/caller';
import { PbxUserEntity } from '../snapshots/snapshot.entities';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import { TenantEntity } from '../tenants/tenant.entity';
import { TenantsRepository } from '../tenants/tenants.repository';
import { MatchResult } from '../matching/engine/match';
import { FILE_HEADER, FILE_NOTES, IMPORT_COLUMNS, mappingRow } from './mapping-columns';
import { MappingLookups } from './mapping-lookups';
import { ImportRow } from './mapping-import';
import { MappingImportRowEntity } from './mapping-import-row.entity';
import { MappingImports } from './mapping-imports';
import { MappingsRepository } from './mappings.repository';
import { ImportAnswer } from './mapping.view';

const PBX_COLUMNS: (keyof PbxUserEntity)[] = [
  'email',
  'firstName',
  'lastName',
  'extension',
  'directNumber',
  'status',
];
// Rows looked up at once: a few statements per batch, and a batch's worth of memory.
const IMPORT_BATCH = 1_000;

type PbxRow = Pick<PbxUserEntity, 'id' | (typeof PBX_COLUMNS)[number]>;

/** The manual-mapping files: the template to fill in, the export, and the import. */
@Injectable()
export class MappingFiles {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly lookups: MappingLookups,
    private readonly mappings: MappingsRepository,
    private readonly snapshots: SnapshotsRepository,
    private readonly imports: MappingImports,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The PBX users without an automatic match (or, with `all`, every PBX user), the PBX side
   * filled in, how each is matched today, and the Teams user of its manual mapping if it has one.
   */
  async template(tenantId: string, all: boolean): Promise<Readable> {
    const tenant = await this.ready(tenantId);
    return this.file(
      tenant,
      () => this.snapshots.pages(PbxUserEntity, tenantId, 'id', PBX_COLUMNS),
      (match) => all || !match.matched || match.method === 'manual',
    );
  }

  /** Today's manual mappings in the template's form: imported back, it changes nothing. */
  async export(tenantId: string): Promise<Readable> {
    const tenant = await this.ready(tenantId);
    const { snapshots, mappings } = this;
    return this.file(
      tenant,
      async function* () {
        for await (const page of mappings.pages(tenantId))
          yield await snapshots.where(
            PbxUserEntity,
            tenantId,
            'id',
            page.map((m) => m.pbxUserId),
            PBX_COLUMNS,
          );
      },
      () => true,
    );
  }

  /**
   * Reads the uploaded file as it streams in and checks it a batch of rows at a time; applies the
   * changes in one transaction only when no row is rejected and it is not a dry run. All or
   * nothing.
   */
  async import(
    tenantId: string,
    file: AsyncIterable<Buffer>,
    dryRun: boolean,
    caller: Caller,
  ): Promise<ImportAnswer> {
    const tenant = await this.ready(tenantId);
    const maxRows = this.config.sync.mappingImportMaxRows;
    const { outcome, applied, replaced } = await this.imports.run(
      tenant,
      { dryRun, createdBy: caller.operatorId },
      async (check) => {
        let batch: ImportRow[] = [];
        try {
          for await (const entry of readCsvTable(file, IMPORT_COLUMNS, { maxRows })) {
            if (entry.kind === 'problem') check.reject(entry.problem);
            else
              batch.push({
                line: entry.line,
                pbxCell: entry.cells.pbxUserId,
                teamsCell: entry.cells.teamsUser,
              });
            if (batch.length < IMPORT_BATCH) continue;
            await check.add(batch);
            batch = [];
          }
          await check.add(batch);
        } catch (error) {
          if (error instanceof CsvUnreadable) check.reject(error.problem);
          else if (error instanceof CsvTooManyRows)
            throw new DomainError('PAYLOAD_TOO_LARGE', error.message);
          else throw error;
        }
      },
    );
    if (applied) {
      const { create, replace, remove, unchanged } = outcome.summary;
      await this.audit.record(
        tenantId,
        'mapping.imported',
        `Mappings imported from a CSV file: ${create} created, ${replace} replaced, ${remove} removed, ${unchanged} unchanged.`,
      );
    }
    return {
      dryRun,
      applied,
      accepted: outcome.accepted,
      rejected: outcome.rejected,
      summary: outcome.summary,
      replaced: await this.named(tenantId, replaced),
    };
  }

  private async ready(tenantId: string): Promise<TenantEntity> {
    const tenant = await this.tenants.require(tenantId);
    await this.lookups.ready(tenant);
    return tenant;
  }

  /** Each replaced mapping with both Teams users by their user principal names. */
  private async named(tenantId: string, replaced: MappingImportRowEntity[]) {
    const users = await this.lookups.teamsUsers(
      tenantId,
      replaced.flatMap((r) => [r.previousTeamsUserId!, r.teamsUserId!]),
    );
    const upn = (id: string | null) => (id && users.get(id)?.userPrincipalName) || id || '';
    return replaced.map((r) => ({
      line: r.line,
      pbxUserId: r.pbxUserId,
      previous: upn(r.previousTeamsUserId),
      next: upn(r.teamsUserId),
    }));
  }

  /** The file: notes, header, then a row for each PBX user `include` keeps, page by page. */
  private file(
    tenant: TenantEntity,
    pages: () => AsyncGenerator<PbxRow[]>,
    include: (match: MatchResult) => boolean,
  ): Readable {
    const lookups = this.lookups;
    async function* lines() {
      for (const note of FILE_NOTES) yield [note];
      yield FILE_HEADER;
      for await (const page of pages()) {
        const window = await lookups.window(tenant, page);
        for (const pbx of page) {
          const match = window.matchOf(pbx);
          if (!include(match)) continue;
          const mappedTo = window.mappedTo(pbx.id);
          const teams = mappedTo ? (window.teamsById.get(mappedTo) ?? null) : null;
          yield mappingRow(pbx, teams, match, window.teamsById);
        }
      }
    }
    return csvStream(lines(), { bom: true });
  }
}
