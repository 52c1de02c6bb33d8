import { CsvProblem } from '../common/csv/csv-problem';
import { restoreCell } from '../common/csv/csv-cells';
import { randomBytes, randomUUID } from 'node:crypto';
import { TenantEntity } from '../tenants/tenant.entity';
import { MappingImportRowEntity } from './mapping-import-row.entity';
import { MappingImportRowsRepository } from './mapping-import-rows.repository';
import { MappingLookups, TeamsLookup } from './mapping-lookups';

/** Written in the Teams user column, it clears the PBX user's manual mapping. */
export const REMOVE_MARKER = 'REMOVE';

export const MAPPING_PROBLEMS = {
  PBX_USER_ID_MISSING: 'The row names a Teams user but no PBX user id.',
  PBX_USER_UNKNOWN: 'No PBX user has this id in the last PBX read.',
  PBX_USER_DUPLICATE: 'This PBX user is on another line of the file too.',
  TEAMS_USER_UNKNOWN: 'No Microsoft 365 user has this object id, user principal name or address.',
  TEAMS_USER_AMBIGUOUS:
    'More than one Microsoft 365 user answers to this address; use the object id or UPN.',
  TEAMS_USER_GUEST: 'The Microsoft 365 user is a guest; guests cannot take a PBX number.',
  TEAMS_USER_DISABLED: 'The Microsoft 365 account is disabled.',
  TEAMS_USER_DUPLICATE: 'This Microsoft 365 user is given to another PBX user in the file too.',
  TEAMS_USER_MATCHED_ELSEWHERE: 'This Microsoft 365 user is already matched to another PBX user.',
} as const;

export type MappingProblemCode = keyof typeof MAPPING_PROBLEMS;

export type MappingChangeKind = 'create' | 'replace' | 'remove' | 'unchanged';

export interface ImportOutcome {
  /** Rows that would be applied: none when any row is rejected. */
  accepted: number;
  rejected: CsvProblem[];
  summary: Record<MappingChangeKind | 'rows' | 'blank' | 'rejected', number>;
}

/** The headers of the two columns an import reads; problems name them. */
export const PBX_COLUMN = 'PBX user id';
export const TEAMS_COLUMN = 'Teams user';

/** A row as read from the file: the two cells an import reads. */
export interface ImportRow {
  line: number;
  pbxCell: string;
  teamsCell: string;
}

type Known = {
  pbxUserIds: Set<string>;
  mappedTo: Map<string, string>;
  teams: Map<string, TeamsLookup>;
  /** The line each PBX user is on, for those on an earlier line of the file. */
  lineOfPbx: Map<string, number>;
  /** Who each Teams user is given to, for those given on an earlier line of the file. */
  rowOfTeams: Map<string, { line: number; pbxUserId: string }>;
};

/**
 * Checks a mapping file a batch of rows at a time against both directories as last read, then
 * across rows: every rejected row is named, and only what a real import would apply is applied.
 * The rows wait in the database, not in memory, so a file of any size costs one batch of memory.
 */
export class MappingImport {
  /** Random and short: it leads every key of the staging table. */
  readonly importId = randomBytes(9).toString('base64url');
  private readonly rejected: CsvProblem[] = [];
  private rows = 0;
  private blank = 0;

  constructor(
    private readonly tenant: TenantEntity,
    private readonly lookups: MappingLookups,
    private readonly staged: MappingImportRowsRepository,
    private readonly now: Date,
  ) {}

  /** A problem the CSV layer found (encoding, fields, quotes, lengths). */
  reject(problem: CsvProblem): void {
    this.rows++;
    this.rejected.push(problem);
  }

  /** Looks up what a batch of rows names, checks each row in line order, and stages them. */
  async add(batch: ImportRow[]): Promise<void> {
    const rows = batch.map((r) => ({
      line: r.line,
      pbxUserId: restoreCell(r.pbxCell),
      teams: restoreCell(r.teamsCell),
    }));
    const named = rows.filter((r) => r.pbxUserId && r.teams);
    const pbxIds = named.map((r) => r.pbxUserId);
    const tenantId = this.tenant.id;
    const teams = await this.lookups.findTeamsUsers(
      tenantId,
      named.flatMap((r) => (r.teams.toUpperCase() === REMOVE_MARKER ? [] : [r.teams])),
    );
    const teamsIds = [...teams.values()].flatMap((t) => (t.found ? [t.user.id] : []));
    const known: Known = {
      pbxUserIds: new Set((await this.lookups.pbxUsers(tenantId, pbxIds)).map((p) => p.id)),
      mappedTo: await this.lookups.mappedTo(tenantId, pbxIds),
      teams,
      lineOfPbx: new Map(
        (await this.staged.ofPbxUsers(this.importId, pbxIds)).map((r) => [r.pbxUserId, r.line]),
      ),
      rowOfTeams: new Map(
        (await this.staged.ofTeamsUsers(this.importId, teamsIds)).map((r) => [r.teamsUserId!, r]),
      ),
    };
    const staged: MappingImportRowEntity[] = [];
    for (const row of rows) {
      const checked = this.check(row.line, row.pbxUserId, row.teams, known);
      if (checked) staged.push(checked);
    }
    await this.staged.stage(staged);
  }

  /**
   * One row. A row past the PBX user checks is staged even when its Teams user is refused: it
   * still holds its PBX user, so that the PBX user is not free for another line.
   */
  private check(
    line: number,
    pbxUserId: string,
    teams: string,
    known: Known,
  ): MappingImportRowEntity | null {
    this.rows++;
    // An empty Teams cell changes nothing: the template lists users to fill in, and an old
    // template may still list a PBX user who has gone since.
    if (!teams) return (void this.blank++, null);
    if (!pbxUserId) return this.problem(line, PBX_COLUMN, 'PBX_USER_ID_MISSING');
    if (!known.pbxUserIds.has(pbxUserId))
      return this.problem(line, PBX_COLUMN, 'PBX_USER_UNKNOWN', `"${pbxUserId}"`);
    const earlier = known.lineOfPbx.get(pbxUserId);
    if (earlier !== undefined)
      return this.problem(line, PBX_COLUMN, 'PBX_USER_DUPLICATE', `Also on line ${earlier}.`);
    known.lineOfPbx.set(pbxUserId, line);

    const previous = known.mappedTo.get(pbxUserId) ?? null;
    const row: MappingImportRowEntity = {
      importId: this.importId,
      line,
      pbxUserId,
      teamsUserId: null,
      previousTeamsUserId: previous,
      kind: null,
      mappingId: null,
      stagedAt: this.now,
    };
    if (teams.toUpperCase() === REMOVE_MARKER)
      return { ...row, kind: previous ? 'remove' : 'unchanged' };
    const found = known.teams.get(teams)!;
    if (!found.found) return this.problem(line, TEAMS_COLUMN, found.code, `"${teams}"`, row);
    const user = found.user;
    if (user.userType === 'Guest')
      return this.problem(line, TEAMS_COLUMN, 'TEAMS_USER_GUEST', user.userPrincipalName, row);
    if (!user.accountEnabled)
      return this.problem(line, TEAMS_COLUMN, 'TEAMS_USER_DISABLED', user.userPrincipalName, row);
    const other = known.rowOfTeams.get(user.id);
    if (other)
      return this.problem(
        line,
        TEAMS_COLUMN,
        'TEAMS_USER_DUPLICATE',
        `Line ${other.line} gives ${user.userPrincipalName} to PBX user "${other.pbxUserId}".`,
        row,
      );
    known.rowOfTeams.set(user.id, { line, pbxUserId });
    const kind = previous === user.id ? 'unchanged' : previous ? 'replace' : 'create';
    return {
      ...row,
      teamsUserId: user.id,
      kind,
      mappingId: kind === 'unchanged' ? null : randomUUID(),
    };
  }

  /**
   * The check across rows: a Teams user matched today to a PBX user the file does not move is
   * refused. Then what the file comes to.
   */
  async finish(): Promise<ImportOutcome> {
    const refused: number[] = [];
    for await (const page of this.staged.givingTeamsUsers(this.importId)) {
      const holders = await this.lookups.holdersOf(
        this.tenant,
        page.map((r) => r.teamsUserId!),
      );
      const holderIds = [...holders.values()].flat().map((h) => h.pbx.id);
      const inFile = new Set(
        (await this.staged.ofPbxUsers(this.importId, holderIds)).map((r) => r.pbxUserId),
      );
      for (const row of page) {
        const holder = (holders.get(row.teamsUserId!) ?? []).find(
          ({ pbx }) => pbx.id !== row.pbxUserId && !inFile.has(pbx.id),
        );
        if (!holder) continue;
        const { pbx, method } = holder;
        refused.push(row.line);
        this.problem(
          row.line,
          TEAMS_COLUMN,
          'TEAMS_USER_MATCHED_ELSEWHERE',
          `It is matched (${method === 'manual' ? 'by hand' : method === 'pinned' ? 'synced' : 'automatically'}) to PBX user "${pbx.id}"${pbx.email ? ` (${pbx.email})` : ''}; map that user to someone else in the same file, or choose another Microsoft 365 user.`,
        );
      }
    }
    await this.staged.reject(this.importId, refused);
    const counts = await this.staged.counts(this.importId);
    const summary = {
      rows: this.rows,
      blank: this.blank,
      rejected: this.rejected.length,
      create: counts.get('create') ?? 0,
      replace: counts.get('replace') ?? 0,
      remove: counts.get('remove') ?? 0,
      unchanged: counts.get('unchanged') ?? 0,
    };
    const total = summary.create + summary.replace + summary.remove + summary.unchanged;
    return {
      accepted: this.rejected.length > 0 ? 0 : total,
      rejected: [...this.rejected].sort((a, b) => a.line - b.line),
      summary,
    };
  }

  /** The staged rows that replace a mapping, in line order. */
  replacements(): Promise<MappingImportRowEntity[]> {
    return this.staged.withKind(this.importId, 'replace');
  }

  /** Rejects the row; the staged row, if any, no longer changes anything. */
  private problem(
    line: number,
    column: string,
    code: MappingProblemCode,
    detail?: string,
    staged: MappingImportRowEntity | null = null,
  ): MappingImportRowEntity | null {
    this.rejected.push({
      line,
      column,
      code,
      message: detail ? `${MAPPING_PROBLEMS[code]} ${detail}` : MAPPING_PROBLEMS[code],
    });
    return staged;
  }
}
