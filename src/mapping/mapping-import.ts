import { CsvProblem } from '../common/csv/csv-problem';
import { restoreCell } from '../common/csv/csv-cells';
import { MappingDirectory } from './mapping-directory';

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

export interface MappingChange {
  line: number;
  pbxUserId: string;
  /** The Teams user after the import; null for a removal. */
  teamsUserId: string | null;
  /** The manual mapping before the import, if any. */
  previousTeamsUserId: string | null;
  kind: MappingChangeKind;
}

export interface ImportOutcome {
  changes: MappingChange[];
  rejected: CsvProblem[];
  summary: Record<MappingChangeKind | 'rows' | 'blank' | 'rejected', number>;
}

/** The headers of the two columns an import reads; problems name them. */
export const PBX_COLUMN = 'PBX user id';
export const TEAMS_COLUMN = 'Teams user';

/**
 * Checks a mapping file row by row against both directories as last read, then across rows:
 * every rejected row is named, and the changes are only what a real import would apply.
 */
export class MappingImport {
  private readonly rejected: CsvProblem[] = [];
  private readonly changes: MappingChange[] = [];
  private readonly lineOfPbx = new Map<string, number>();
  private readonly lineOfTeams = new Map<string, { line: number; pbxUserId: string }>();
  private rows = 0;
  private blank = 0;

  constructor(
    private readonly directory: MappingDirectory,
    /** Manual mappings today: PBX user id → Teams user id. */
    private readonly existing: Map<string, string>,
  ) {}

  /** A problem the CSV layer found (encoding, fields, quotes, lengths). */
  reject(problem: CsvProblem): void {
    this.rows++;
    this.rejected.push(problem);
  }

  add(line: number, pbxCell: string, teamsCell: string): void {
    this.rows++;
    const pbxUserId = restoreCell(pbxCell);
    const teams = restoreCell(teamsCell);
    // An empty Teams cell changes nothing: the template lists users to fill in, and an old
    // template may still list a PBX user who has gone since.
    if (!teams) return void this.blank++;
    if (!pbxUserId) return this.problem(line, PBX_COLUMN, 'PBX_USER_ID_MISSING');
    if (!this.directory.pbxById.has(pbxUserId))
      return this.problem(line, PBX_COLUMN, 'PBX_USER_UNKNOWN', `"${pbxUserId}"`);
    const earlier = this.lineOfPbx.get(pbxUserId);
    if (earlier !== undefined)
      return this.problem(line, PBX_COLUMN, 'PBX_USER_DUPLICATE', `Also on line ${earlier}.`);
    this.lineOfPbx.set(pbxUserId, line);

    const previous = this.existing.get(pbxUserId) ?? null;
    if (teams.toUpperCase() === REMOVE_MARKER) {
      const kind = previous ? 'remove' : 'unchanged';
      return void this.changes.push({
        line,
        pbxUserId,
        teamsUserId: null,
        previousTeamsUserId: previous,
        kind,
      });
    }
    const found = this.directory.findTeamsUser(teams);
    if (!found.found) return this.problem(line, TEAMS_COLUMN, found.code, `"${teams}"`);
    const user = found.user;
    if (user.userType === 'Guest')
      return this.problem(line, TEAMS_COLUMN, 'TEAMS_USER_GUEST', user.userPrincipalName);
    if (!user.accountEnabled)
      return this.problem(line, TEAMS_COLUMN, 'TEAMS_USER_DISABLED', user.userPrincipalName);
    const other = this.lineOfTeams.get(user.id);
    if (other)
      return this.problem(
        line,
        TEAMS_COLUMN,
        'TEAMS_USER_DUPLICATE',
        `Line ${other.line} gives ${user.userPrincipalName} to PBX user "${other.pbxUserId}".`,
      );
    this.lineOfTeams.set(user.id, { line, pbxUserId });
    const kind = previous === user.id ? 'unchanged' : previous ? 'replace' : 'create';
    this.changes.push({
      line,
      pbxUserId,
      teamsUserId: user.id,
      previousTeamsUserId: previous,
      kind,
    });
  }

  /** The checks across rows, then what the file comes to. */
  finish(): ImportOutcome {
    const wanted = new Set(this.changes.flatMap((c) => (c.teamsUserId ? [c.teamsUserId] : [])));
    const holders = this.directory.holdersOf(wanted);
    const kept = this.changes.filter((change) => {
      if (!change.teamsUserId) return true;
      const holder = (holders.get(change.teamsUserId) ?? []).find(
        (pbxUserId) => pbxUserId !== change.pbxUserId && !this.lineOfPbx.has(pbxUserId),
      );
      if (!holder) return true;
      const how = this.directory.matchOf(holder);
      const pbx = this.directory.pbxById.get(holder)!;
      const method = how?.matched ? how.method : 'automatic';
      this.problem(
        change.line,
        TEAMS_COLUMN,
        'TEAMS_USER_MATCHED_ELSEWHERE',
        `It is matched (${method === 'manual' ? 'by hand' : method === 'pinned' ? 'synced' : 'automatically'}) to PBX user "${holder}"${pbx.email ? ` (${pbx.email})` : ''}; map that user to someone else in the same file, or choose another Microsoft 365 user.`,
      );
      return false;
    });
    const summary = {
      rows: this.rows,
      blank: this.blank,
      rejected: this.rejected.length,
      create: 0,
      replace: 0,
      remove: 0,
      unchanged: 0,
    };
    for (const change of kept) summary[change.kind]++;
    return {
      changes: this.rejected.length > 0 ? [] : kept,
      rejected: [...this.rejected].sort((a, b) => a.line - b.line),
      summary,
    };
  }

  private problem(line: number, column: string, code: MappingProblemCode, detail?: string): void {
    this.rejected.push({
      line,
      column,
      code,
      message: detail ? `${MAPPING_PROBLEMS[code]} ${detail}` : MAPPING_PROBLEMS[code],
    });
  }
}
