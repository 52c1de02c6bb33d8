import { CsvColumn } from '../common/csv/csv-table';
import { REASONS } from '../matching/engine/reasons';
import { MatchResult } from '../matching/engine/match';
import { PbxDirectoryUser } from '../pbx/pbx-directory';
import { TeamsKey } from './mapping-lookups';
import { PBX_COLUMN, REMOVE_MARKER, TEAMS_COLUMN } from './mapping-import';

/** The columns an import reads; any others (the template's PBX details) are left alone. */
export const IMPORT_COLUMNS: CsvColumn[] = [
  { key: 'pbxUserId', header: PBX_COLUMN, required: true, maxLength: 200 },
  { key: 'teamsUser', header: TEAMS_COLUMN, required: true, maxLength: 320 },
];

/** The template's and the export's columns: the same, so that an export imports back as it is. */
export const FILE_HEADER = [
  PBX_COLUMN,
  'PBX e-mail',
  'First name',
  'Last name',
  'Extension',
  'Direct number',
  'Matched today',
  TEAMS_COLUMN,
];

/** Notes above the header row; a reader skips them. No commas, semicolons or quotes in them. */
export const FILE_NOTES = [
  '# Teams Connector manual mappings. Keep the header row below as it is.',
  '# Teams user: the Microsoft 365 user principal name or e-mail address or object id for the PBX user.',
  `# An empty Teams user changes nothing. ${REMOVE_MARKER} clears the PBX user's manual mapping.`,
  '# A manual mapping overrides automatic matching by e-mail address.',
];

/** One row of the template or the export for a PBX user. */
export function mappingRow(
  pbx: Pick<
    PbxDirectoryUser,
    'id' | 'email' | 'firstName' | 'lastName' | 'extension' | 'directNumber'
  >,
  mappedTo: TeamsKey | null,
  match: MatchResult | undefined,
  teamsById: Map<string, TeamsKey>,
): string[] {
  return [
    pbx.id,
    pbx.email ?? '',
    pbx.firstName,
    pbx.lastName,
    pbx.extension,
    pbx.directNumber ?? '',
    describeMatch(match, teamsById),
    mappedTo?.userPrincipalName ?? '',
  ];
}

function describeMatch(match: MatchResult | undefined, teamsById: Map<string, TeamsKey>): string {
  if (!match) return '';
  if (!match.matched) return `Not matched: ${REASONS[match.reason]}`;
  const upn = teamsById.get(match.teamsUserId)?.userPrincipalName ?? match.teamsUserId;
  const how = { manual: 'by hand', pinned: 'synced', automatic: 'by e-mail address' }[match.method];
  return `Matched ${how} to ${upn}`;
}
