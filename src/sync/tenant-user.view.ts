import { FAILURES, FailureCode } from '../failures/failure-codes';
import { EnumField, Field, NullableField, ObjectField, PageOf } from '../common/http/api-fields';
import { PbxPerson, TeamsPerson, type PeopleOnPage } from '../snapshots/people';
import { TenantUserEntity, UserState } from './sync.entities';
import { USER_STATES } from './sync.dto';

class UserErrorView {
  @Field() code!: string;
  @NullableField(String) message!: string | null;
}

export class TenantUserView {
  @Field() pbxUserId!: string;
  @NullableField(String) teamsUserId!: string | null;
  @ObjectField(() => PbxPerson) pbxUser!: PbxPerson;
  @ObjectField(() => TeamsPerson, { nullable: true }) teamsUser!: TeamsPerson | null;
  @NullableField(String) matchMethod!: string | null;
  @NullableField(String) number!: string | null;
  @EnumField(USER_STATES) state!: UserState;
  @NullableField(String) reason!: string | null;
  @ObjectField(() => UserErrorView, { nullable: true }) lastError!: UserErrorView | null;
  @NullableField(String) runId!: string | null;
  @Field() updatedAt!: Date;
}

export class TenantUserPageView extends PageOf(() => TenantUserView) {}

/** Where one PBX user stands, as the API shows it. */
export function tenantUserView(u: TenantUserEntity, people: PeopleOnPage): TenantUserView {
  return {
    pbxUserId: u.pbxUserId,
    teamsUserId: u.teamsUserId,
    pbxUser: people.pbx(u.pbxUserId),
    teamsUser: people.teams(u.teamsUserId),
    matchMethod: u.method,
    number: u.number,
    state: u.state,
    reason: u.reason,
    lastError:
      u.state === 'failed' && u.reason
        ? { code: u.reason, message: FAILURES[u.reason as FailureCode]?.message ?? null }
        : null,
    runId: u.runId,
    updatedAt: u.updatedAt,
  };
}
