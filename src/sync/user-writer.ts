import { Injectable } from '@nestjs/common';
import { TeamsUserSettings } from '../microsoft/directory-records';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { OperationOutcome, TeamsTelephony } from '../microsoft/teams-telephony';
import { classify, Failure, failureOf } from '../failures/classify';
import { holdsPolicy, PolicyRef } from '../matching/engine/policy';
import { RunStopped } from './run-stopped';
import { RunItemEntity } from './sync.entities';

export type WriteOutcome =
  | { result: 'succeeded'; settings: TeamsUserSettings | null }
  | { result: 'unchanged'; settings: TeamsUserSettings | null }
  | { result: 'failed'; failure: Failure };

type Failed = Extract<WriteOutcome, { result: 'failed' }>;

/**
 * One user's change in Teams, read before write: only what differs from Teams' current state is
 * written, so applying a plan twice writes nothing the second time. A failure of this user is
 * its outcome; one that stops the run is thrown as RunStopped. Each call was already retried by
 * the one retry layer (GraphClients), so nothing here tries again.
 */
@Injectable()
export class UserWriter {
  constructor(private readonly telephony: TeamsTelephony) {}

  async write(
    tid: string,
    item: RunItemEntity,
    current: TeamsUserSettings | null,
    policy: PolicyRef | null,
  ): Promise<WriteOutcome> {
    return item.change === 'remove'
      ? this.remove(tid, item, current, policy)
      : this.assign(tid, item, current, policy);
  }

  private async assign(
    tid: string,
    item: RunItemEntity,
    current: TeamsUserSettings | null,
    policy: PolicyRef | null,
  ): Promise<WriteOutcome> {
    if (!current)
      return {
        result: 'failed',
        failure: failureOf('TEAMS_USER_NOT_FOUND', 'Teams does not know the user.', 'user'),
      };
    const needsNumber = !current.numbers.includes(item.number) || !current.enterpriseVoiceEnabled;
    const needsPolicy = policy !== null && !holdsPolicy(current, policy);
    if (!needsNumber && !needsPolicy) return { result: 'unchanged', settings: current };
    // The policy waits for the number: a failed assignment leaves the policy alone.
    const failed =
      (needsNumber
        ? await this.attempt('number', () =>
            this.telephony.assignNumber(tid, item.teamsUserId, item.number),
          )
        : null) ??
      (needsPolicy
        ? await this.attempt('policy', () =>
            this.telephony.assignVoiceRoutingPolicy(tid, item.teamsUserId, policy.id),
          )
        : null);
    if (failed) return failed;
    return {
      result: 'succeeded',
      settings: {
        ...current,
        numbers: [item.number],
        enterpriseVoiceEnabled: true,
        voiceRoutingPolicyId: policy?.id ?? current.voiceRoutingPolicyId,
        voiceRoutingPolicyName: policy?.name ?? current.voiceRoutingPolicyName,
      },
    };
  }

  private async remove(
    tid: string,
    item: RunItemEntity,
    current: TeamsUserSettings | null,
    policy: PolicyRef | null,
  ): Promise<WriteOutcome> {
    // A user gone from Microsoft 365 took the number with them: nothing is left to release.
    if (!current) return { result: 'unchanged', settings: null };
    const holdsNumber = current.numbers.includes(item.number);
    const holdsOurPolicy = policy !== null && holdsPolicy(current, policy);
    if (!holdsNumber && !holdsOurPolicy) return { result: 'unchanged', settings: current };
    const failed =
      (holdsNumber
        ? await this.attempt('number', () => this.telephony.unassignNumber(tid, item.number))
        : null) ??
      (holdsOurPolicy
        ? await this.attempt('policy', () =>
            this.telephony.unassignVoiceRoutingPolicy(tid, item.teamsUserId),
          )
        : null);
    if (failed) return failed;
    return {
      result: 'succeeded',
      settings: {
        ...current,
        numbers: current.numbers.filter((n) => n !== item.number),
        voiceRoutingPolicyId: holdsOurPolicy ? null : current.voiceRoutingPolicyId,
        voiceRoutingPolicyName: holdsOurPolicy ? null : current.voiceRoutingPolicyName,
      },
    };
  }

  /** One Teams write: null when it went through, or this user's failure. */
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
      const failure = classify(error, what);
      if (failure.scope !== 'user') throw new RunStopped(failure);
      return { result: 'failed', failure };
    }
  }
}
