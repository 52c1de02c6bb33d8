import type { PeopleOnPage } from '../snapshots/people';
import { SyncFailureEntity } from './sync.entities';

/** A user's failure as the API shows it: what happened, what to do, and whether it is retried. */
export function failureView(f: SyncFailureEntity, scheduled: boolean, people: PeopleOnPage) {
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
