import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThan, Not, IsNull } from 'typeorm';
import { insertInChunks } from '../database/chunks';
import { rowsWhereIn } from '../database/tenant-rows';
import { MappingImportRowEntity } from './mapping-import-row.entity';
import type { MappingChangeKind } from './mapping-import';

type Row = MappingImportRowEntity;

/** The rows of the mapping files being imported, one import id each. */
@Injectable()
export class MappingImportRowsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(MappingImportRowEntity);
  }

  async stage(rows: Row[]): Promise<void> {
    await insertInChunks(this.dataSource.manager, MappingImportRowEntity, rows);
  }

  /** The staged rows of these PBX users. */
  ofPbxUsers(
    importId: string,
    pbxUserIds: Iterable<string>,
  ): Promise<Pick<Row, 'pbxUserId' | 'line'>[]> {
    return rowsWhereIn(
      this.dataSource.manager,
      MappingImportRowEntity,
      { importId },
      'pbxUserId',
      pbxUserIds,
      ['line'],
    );
  }

  /** The staged rows that give these Teams users to a PBX user. */
  ofTeamsUsers(
    importId: string,
    teamsUserIds: Iterable<string>,
  ): Promise<Pick<Row, 'teamsUserId' | 'line' | 'pbxUserId'>[]> {
    return rowsWhereIn(
      this.dataSource.manager,
      MappingImportRowEntity,
      { importId },
      'teamsUserId',
      teamsUserIds,
      ['line', 'pbxUserId'],
    );
  }

  /** The rows that give a Teams user, a page at a time in line order. */
  async *givingTeamsUsers(
    importId: string,
    size = 2_000,
  ): AsyncGenerator<Pick<Row, 'line' | 'pbxUserId' | 'teamsUserId'>[]> {
    let after = 0;
    for (;;) {
      const page: Pick<Row, 'line' | 'pbxUserId' | 'teamsUserId'>[] = await this.rows
        .createQueryBuilder('row')
        .select('row.line', 'line')
        .addSelect('row.pbx_user_id', 'pbxUserId')
        .addSelect('row.teams_user_id', 'teamsUserId')
        .where('row.import_id = :importId AND row.line > :after', { importId, after })
        .andWhere('row.teams_user_id IS NOT NULL')
        .orderBy('row.line', 'ASC')
        .limit(size)
        .getRawMany();
      if (page.length > 0) yield page;
      if (page.length < size) return;
      after = page[page.length - 1].line;
    }
  }

  async withKind(importId: string, kind: MappingChangeKind): Promise<Row[]> {
    return this.rows.find({ where: { importId, kind }, order: { line: 'ASC' } });
  }

  /** Rows rejected after they were staged: they no longer change anything. */
  async reject(importId: string, lines: number[]): Promise<void> {
    for (let i = 0; i < lines.length; i += 1_000)
      await this.rows.update(
        { importId, line: In(lines.slice(i, i + 1_000)) },
        { kind: null, teamsUserId: null },
      );
  }

  /** How many staged rows do each kind of change. */
  async counts(importId: string): Promise<Map<MappingChangeKind, number>> {
    const found: { kind: MappingChangeKind; n: string | number }[] = await this.rows
      .createQueryBuilder('row')
      .select('row.kind', 'kind')
      .addSelect('COUNT(*)', 'n')
      .where({ importId, kind: Not(IsNull()) })
      .groupBy('row.kind')
      .getRawMany();
    return new Map(found.map((c) => [c.kind, Number(c.n)]));
  }

  async discard(importId: string): Promise<void> {
    await this.rows.delete({ importId });
  }

  /** Rows an import left behind when its process stopped mid-way. */
  async sweep(stagedBefore: Date): Promise<void> {
    await this.rows.delete({ stagedAt: LessThan(stagedBefore) });
  }
}
