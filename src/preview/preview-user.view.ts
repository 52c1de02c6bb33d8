import { REASONS, ReasonCode } from '../matching/engine/reasons';
import { PbxUserEntity, TeamsUserEntity } from '../snapshots/snapshot.entities';
import { PlanEntryEntity } from './preview.entities';

/** One user behind a preview figure, with both sides as last read. */
export function previewUserView(
  e: PlanEntryEntity,
  pbx: PbxUserEntity | undefined,
  teams: TeamsUserEntity | undefined,
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
