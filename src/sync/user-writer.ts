import { Injectable } from '@nestjs/common';
import { TeamsUserSettings } from '../microsoft/directory-records';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { OperationOutcome, TeamsTelephony } from '../microsoft/teams-telephony';
import { classify, Failure, failureOf } from '../failures/classify';
import { holdsPolicy, PolicyRef } from '../matching/engine/policy';
import { RunItemEntity } from './sync.entities';

export type WriteOutcome =
  | { result: 'succeeded'; settings: TeamsUserSettings | null }
  | { result: 'unchanged'; settings: TeamsUserSettings | null }
  | { result: 'failed'; failure: Failure };

type Failed = Extract<WriteOutcome, { result: 'failed' }>;

/** One user of a wave: the run's item and Teams' state as read just before writing. */
export interface UserWrite {
  item: RunItemEntity;
  current: TeamsUserSettings | null;
}

/** What a user still needs once its number is in place or released. */
type PolicyStep = 'assign' | 'unassign' | null;

/**
 * A wave of users' changes in Teams, read before write: only what differs from Teams' current
 * state is written, so applying a plan twice writes nothing the second time. Numbers go one user
 * at a time (each is its own Teams operation); the voice routing policy goes to all the wave's
 * users that need it in one call. A failure is its user's outcome; one whose scope is not the
 * user (consent gone, say) stops the policy step, and the applier stops the run. Each call was
 * already retried by the one retry layer (GraphClients), so nothing here tries again.
 */
@Injectable()
export class UserWriter {
  constructor(private readonly telephony: TeamsTelephony) {}

  async writeWave(
    tid: string,
    writes: UserWrite[],
    policy: PolicyRef | null,
  ): Promise<WriteOutcome[]> {
    const numbers = await Promise.all(writes.map((w) => this.writeNumber(tid, w, policy)));
    const outcomes = numbers.map((n) => n.outcome);
    const stopping = outcomes.some((o) => o.result === 'failed' && o.failure.scope !== 'user');
    // Releases first: a Teams user a wave both releases and assigns ends up holding the policy.
    if (policy && !stopping)
      for (const step of ['unassign', 'assign'] as const) {
        const users = numbers.flatMap((n, i) => (n.policy === step ? [i] : []));
        const failures = await this.writePolicy(
          tid,
          step,
          users.map((i) => writes[i].item.teamsUserId),
          policy,
        );
        for (const [k, i] of users.entries())
          outcomes[i] = failures[k] ?? afterPolicy(outcomes[i], step, policy);
      }
    return outcomes;
  }

  /** The user's number step, and the policy step it leaves for the wave. */
  private async writeNumber(
    tid: string,
    { item, current }: UserWrite,
    policy: PolicyRef | null,
  ): Promise<{ outcome: WriteOutcome; policy: PolicyStep }> {
    const none = { policy: null };
    if (item.change === 'remove') {
      // A user gone from Microsoft 365 took the number with them: nothing is left to release.
      if (!current) return { ...none, outcome: { result: 'unchanged', settings: null } };
      const holdsNumber = current.numbers.includes(item.number);
      const holdsOurPolicy = policy !== null && holdsPolicy(current, policy);
      if (!holdsNumber && !holdsOurPolicy)
        return { ...none, outcome: { result: 'unchanged', settings: current } };
      const failed = holdsNumber
        ? await this.attempt('number', () => this.telephony.unassignNumber(tid, item.number))
        : null;
      if (failed) return { ...none, outcome: failed };
      const settings = { ...current, numbers: current.numbers.filter((n) => n !== item.number) };
      return {
        outcome: { result: holdsNumber ? 'succeeded' : 'unchanged', settings },
        policy: holdsOurPolicy ? 'unassign' : null,
      };
    }
    if (!current)
      return {
        ...none,
        outcome: {
          result: 'failed',
          failure: failureOf('TEAMS_USER_NOT_FOUND', 'Teams does not know the user.', 'user'),
        },
      };
    const needsNumber = !current.numbers.includes(item.number) || !current.enterpriseVoiceEnabled;
    const needsPolicy = policy !== null && !holdsPolicy(current, policy);
    // The policy waits for the number: a failed assignment leaves the policy alone.
    const failed = needsNumber
      ? await this.attempt('number', () =>
          this.telephony.assignNumber(tid, item.teamsUserId, item.number),
        )
      : null;
    if (failed) return { ...none, outcome: failed };
    const settings = needsNumber
      ? { ...current, numbers: [item.number], enterpriseVoiceEnabled: true }
      : current;
    return {
      outcome: { result: needsNumber ? 'succeeded' : 'unchanged', settings },
      policy: needsPolicy ? 'assign' : null,
    };
  }

  /**
   * The policy for several users in one call; when Teams refuses the call for a user's reason,
   * each user is tried alone, so that only the users Teams refuses fail. Failures by position.
   */
  private async writePolicy(
    tid: string,
    step: 'assign' | 'unassign',
    userIds: string[],
    policy: PolicyRef,
  ): Promise<(Failed | null)[]> {
    if (userIds.length === 0) return [];
    const call = (ids: string[]) =>
      this.attempt('policy', () =>
        step === 'assign'
          ? this.telephony.assignVoiceRoutingPolicy(tid, ids, policy.id)
          : this.telephony.unassignVoiceRoutingPolicy(tid, ids),
      );
    const failed = await call(userIds);
    if (!failed) return userIds.map(() => null);
    if (userIds.length === 1 || failed.failure.scope !== 'user') return userIds.map(() => failed);
    return Promise.all(userIds.map((id) => call([id])));
  }

  /** One Teams write: null when it went through, or the failure (of the user, or beyond). */
  private async attempt(
    what: 'number' | 'policy',
    write: () => Promise<OperationOutcome | void>,
  ): Promise<Failed | null> {
    try {
      const outcome = await write();
      return outcome && !outcome.ok
        ? { result: 'failed', failure: failureOf(outcome.code, outcome.detail, 'user') }
        : null;
    } catch (error) {
      if (!(error instanceof MicrosoftError)) throw error;
      return { result: 'failed', failure: classify(error, what) };
    }
  }
}

/** A user's outcome once the policy step went through. */
function afterPolicy(
  outcome: WriteOutcome,
  step: 'assign' | 'unassign',
  policy: PolicyRef,
): WriteOutcome {
  if (outcome.result === 'failed' || !outcome.settings) return outcome;
  return {
    result: 'succeeded',
    settings: {
      ...outcome.settings,
      voiceRoutingPolicyId: step === 'assign' ? policy.id : null,
      voiceRoutingPolicyName: step === 'assign' ? policy.name : null,
    },
  };
}
