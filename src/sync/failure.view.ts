import { Field, NullableField, ObjectField, PageOf } from '../common/http/api-fields';
import { PbxPerson, TeamsPerson, type PeopleOnPage } from '../snapshots/people';
import { SyncFailureEntity } from './sync.entities';

class FailureRetryView {
  @Field('Retried by the next run without anyone asking.') automatic!: boolean;
  @NullableField(Date, 'Retried by the first run after this time.') at!: Date | null;
  @Field('Whether scheduled runs are on to do it.') bySchedule!: boolean;
}

export class FailureView {
  @Field() id!: string;
  @Field() tenantId!: string;
  @Field() runId!: string;
  @Field() pbxUserId!: string;
  @NullableField(String) teamsUserId!: string | null;
  @ObjectField(() => PbxPerson) pbxUser!: PbxPerson;
  @ObjectField(() => TeamsPerson, { nullable: true }) teamsUser!: TeamsPerson | null;
  @Field() change!: string;
  @NullableField(String) number!: string | null;
  @Field() code!: string;
  @Field() message!: string;
  @Field() action!: string;
  @Field() open!: boolean;
  @ObjectField(() => FailureRetryView) retry!: FailureRetryView;
  @Field() attempts!: number;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
  @NullableField(Date) resolvedAt!: Date | null;
}

export class FailurePageView extends PageOf(() => FailureView) {}

/** A user's failure as the API shows it: what happened, what to do, and whether it is retried. */
export function failureView(
  f: SyncFailureEntity,
  scheduled: boolean,
  people: PeopleOnPage,
): FailureView {
  const retriedAutomatically = f.retryable && f.resolvedAt === null;
  return {
    id: f.id,
    tenantId: f.tenantId,
    runId: f.runId,
    pbxUserId: f.pbxUserId,
    teamsUserId: f.teamsUserId,
    pbxUser: people.pbx(f.pbxUserId),
    teamsUser: people.teams(f.teamsUserId),
    change: f.change,
    number: f.number,
    code: f.code,
    message: f.message,
    action: f.action,
    open: f.resolvedAt === null,
    retry: {
      automatic: retriedAutomatically,
      // Retried by the first run after this time: the schedule's, or one started by hand.
      at: retriedAutomatically ? f.nextRetryAt : null,
      bySchedule: scheduled,
    },
    attempts: f.attempts,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    resolvedAt: f.resolvedAt,
  };
}
