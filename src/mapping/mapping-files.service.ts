import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AppConfig } from '../config/config';
import { Clock } from '../common/clock/clock';
import { csvStream } from '../common/csv/csv-writer';
import { readCsvTable } from '../common/csv/csv-table';
import { CsvTooManyRows, CsvUnreadable } from '../common/csv/csv-problem';
import { DomainError } from '../common/errors/domain-error';
import { UnitOfWork } from '../database/unit-of-work';
import { Caller } from '../access/caller';
import { PbxUserEntity } from '../snapshots/snapshot.entities';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import { TenantsRepository } from '../tenants/tenants.repository';
import { FILE_HEADER, FILE_NOTES, IMPORT_COLUMNS, mappingRow } from './mapping-columns';
import { MappingDirectories } from './mapping-directories';
import { MappingDirectory } from './mapping-directory';
import { ImportOutcome, MappingImport } from './mapping-import';
import { MappingsRepository } from './mappings.repository';

const PBX_COLUMNS: (keyof PbxUserEntity)[] = [
  'email',
  'firstName',
  'lastName',
  'extension',
  'directNumber',
  'status',
];
const EXPORT_PAGE = 1_000;

export interface ImportAnswer {
  dryRun: boolean;
  /** Whether the changes were applied: never for a dry run or a file with a rejected row. */
  applied: boolean;
  accepted: number;
  rejected: ImportOutcome['rejected'];
  summary: ImportOutcome['summary'];
  /** Each replaced mapping: the PBX user, and the Teams user it had and gets. */
  replaced: { line: number; pbxUserId: string; previous: string; next: string }[];
}

/** The manual-mapping files: the template to fill in, the export, and the import. */
@Injectable()
export class MappingFiles {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly directories: MappingDirectories,
    private readonly mappings: MappingsRepository,
    private readonly snapshots: SnapshotsRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * The PBX users without an automatic match (or, with `all`, every PBX user), the PBX side
   * filled in, how each is matched today, and the Teams user of its manual mapping if it has one.
   */
  async template(tenantId: string, all: boolean): Promise<Readable> {
    const directory = await this.directories.of(await this.tenants.require(tenantId));
    const snapshots = this.snapshots;
    return this.file(directory, async function* () {
      for await (const page of snapshots.pages(PbxUserEntity, tenantId, 'id', PBX_COLUMNS))
        for (const pbx of page) {
          const match = directory.matchOf(pbx.id);
          if (all || !match?.matched || match.method === 'manual')
            yield { pbx, teamsUserId: directory.mappedTo(pbx.id) };
        }
    });
  }

  /** Today's manual mappings in the template's form: imported back, it changes nothing. */
  async export(tenantId: string): Promise<Readable> {
    const directory = await this.directories.of(await this.tenants.require(tenantId));
    const pairs = [...directory.manualMappings];
    const snapshots = this.snapshots;
    return this.file(directory, async function* () {
      for (let i = 0; i < pairs.length; i += EXPORT_PAGE) {
        const chunk = pairs.slice(i, i + EXPORT_PAGE);
        const pbx = new Map(
          (
            await snapshots.pbxUsers(
              tenantId,
              chunk.map(([pbxUserId]) => pbxUserId),
            )
          ).map((u) => [u.id, u]),
        );
        for (const [pbxUserId, teamsUserId] of chunk) {
          const row = pbx.get(pbxUserId);
          if (row) yield { pbx: row, teamsUserId };
        }
      }
    });
  }

  /**
   * Reads the uploaded file as it streams in and checks every row; applies the changes in one
   * transaction only when no row is rejected and it is not a dry run. All or nothing.
   */
  async import(
    tenantId: string,
    file: AsyncIterable<Buffer>,
    dryRun: boolean,
    caller: Caller,
  ): Promise<ImportAnswer> {
    const directory = await this.directories.of(await this.tenants.require(tenantId));
    const check = new MappingImport(directory, directory.manualMappings);
    try {
      for await (const entry of readCsvTable(file, IMPORT_COLUMNS, {
        maxRows: this.config.sync.mappingImportMaxRows,
      })) {
        if (entry.kind === 'problem') check.reject(entry.problem);
        else check.add(entry.line, entry.cells.pbxUserId, entry.cells.teamsUser);
      }
    } catch (error) {
      if (error instanceof CsvUnreadable) check.reject(error.problem);
      else if (error instanceof CsvTooManyRows)
        throw new DomainError('PAYLOAD_TOO_LARGE', error.message);
      else throw error;
    }
    const outcome = check.finish();
    const applied = !dryRun && outcome.rejected.length === 0;
    if (applied)
      await this.unitOfWork.run((tx) =>
        this.mappings.apply(tenantId, outcome.changes, caller.operatorId, this.clock.now(), tx),
      );
    const upn = (id: string | null) =>
      (id && directory.teamsById.get(id)?.userPrincipalName) || id || '';
    return {
      dryRun,
      applied,
      accepted: outcome.changes.length,
      rejected: outcome.rejected,
      summary: outcome.summary,
      replaced: outcome.changes
        .filter((c) => c.kind === 'replace')
        .map((c) => ({
          line: c.line,
          pbxUserId: c.pbxUserId,
          previous: upn(c.previousTeamsUserId),
          next: upn(c.teamsUserId),
        })),
    };
  }

  private file(
    directory: MappingDirectory,
    rows: () => AsyncGenerator<{ pbx: PbxUserEntity; teamsUserId: string | null }>,
  ): Readable {
    async function* lines() {
      for (const note of FILE_NOTES) yield [note];
      yield FILE_HEADER;
      for await (const { pbx, teamsUserId } of rows()) {
        const teams = teamsUserId ? (directory.teamsById.get(teamsUserId) ?? null) : null;
        yield mappingRow(pbx, teams, directory.matchOf(pbx.id), directory.teamsById);
      }
    }
    return csvStream(lines(), { bom: true });
  }
}
