import { REASONS, ReasonCode } from '../matching/engine/reasons';
import { PbxUserRow, TeamsUserRow } from '../snapshots/snapshot.entities';
import { PlanEntryRow } from './preview.entities';

/** One user behind a preview figure, with both sides as last read. */
export function previewUserView(
  e: PlanEntryRow,
  pbx: PbxUserRow | undefined,
  teams: TeamsUserRow | undefined,
) {
  return {
    change: e.change,
    method: e.method,
    number: e.number,
    reason: e.reason,
    reasonMessage: e.reason ? (REASONS[e.reason as ReasonCode] ?? null) : null,
    pbxUser: pbx
      ? {
          id: pbx.id,
          email: pbx.email,
          name: `${pbx.firstName} ${pbx.lastName}`.trim(),
          extension: pbx.extension,
          directNumber: pbx.directNumber,
        }
      : e.pbxUserId
        ? { id: e.pbxUserId }
        : null,
    teamsUser: teams
      ? { id: teams.id, userPrincipalName: teams.userPrincipalName, displayName: teams.displayName }
      : e.teamsUserId
        ? { id: e.teamsUserId }
        : null,
  };
}
