import { REASONS, ReasonCode } from '../matching/engine/reasons';
import { PbxUserEntity, TeamsUserEntity } from '../snapshots/snapshot.entities';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Field, NullableField, ObjectField, PageOf } from '../common/http/api-fields';
import { PlanEntryEntity } from './preview.entities';

/** A PBX user as last read; only the id when the user is no longer in the PBX. */
class PreviewPbxUser {
  @Field() id!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) email?: string | null;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) extension?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) directNumber?: string | null;
}

class PreviewTeamsUser {
  @Field() id!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) userPrincipalName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) displayName?: string | null;
}

export class PreviewUserView {
  @Field() change!: string;
  @NullableField(String) method!: string | null;
  @NullableField(String) number!: string | null;
  @NullableField(String) reason!: string | null;
  @NullableField(String, 'The reason as a sentence.') reasonMessage!: string | null;
  @ObjectField(() => PreviewPbxUser, { nullable: true }) pbxUser!: PreviewPbxUser | null;
  @ObjectField(() => PreviewTeamsUser, { nullable: true }) teamsUser!: PreviewTeamsUser | null;
}

export class PreviewUsersPageView extends PageOf(() => PreviewUserView) {
  @Field() previewId!: string;
  @Field() generatedAt!: Date;
  @NullableField(String) change!: string | null;
  @NullableField(String) figure!: string | null;
}

/** One user behind a preview figure, with both sides as last read. */
export function previewUserView(
  e: PlanEntryEntity,
  pbx: PbxUserEntity | undefined,
  teams: TeamsUserEntity | undefined,
): PreviewUserView {
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
