import { FAILURES, FailureCode } from '../failures/failure-codes';
import type { PeopleOnPage } from '../snapshots/people';
import { TenantUserEntity } from './sync.entities';

/** Where one PBX user stands, as the API shows it. */
export function tenantUserView(u: TenantUserEntity, people: PeopleOnPage) {
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
