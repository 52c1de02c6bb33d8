import { Injectable } from '@nestjs/common';
import { Client, ResponseType } from '@microsoft/microsoft-graph-client';
import { classifyGraphError, MicrosoftError } from './microsoft-error';
import { OperationOutcome, TeamsTelephony } from './teams-telephony';
import { GraphClients } from './graph-clients';
import { MCOEV_PLAN_ID } from './directory-records';
import { unwrapEntity } from './graph-entities';
import { OperationTimings } from './operation-timings';

const NUMBERS = '/admin/teams/telephoneNumberManagement';

export interface PollingOptions {
  /** How long to wait for an operation before calling it timed out. */
  timeoutMs: number;
  /**
   * The shortest wait before an operation's first poll (that wait is learned per tenant from the
   * operations that finished, see OperationTimings). After a first poll that found it still
   * running comes one short wait to catch up, then waits that start at twice this and double, up
   * to `maxIntervalMs`.
   */
  intervalMs: number;
  maxIntervalMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_POLLING: PollingOptions = {
  timeoutMs: 120_000,
  intervalMs: 500,
  maxIntervalMs: 10_000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

interface Operation {
  status: string;
  numbers?: { statusDetail?: string | null }[];
}

/** How a number operation ended, as Teams reported it. */
type OperationEnd =
  { status: 'succeeded' } | { status: 'failed' | 'skipped' | 'timedOut'; detail: string };

/** Teams number and policy assignment through Microsoft Graph (v1.0 teamsAdministration). */
@Injectable()
export class GraphTeamsTelephony extends TeamsTelephony {
  private readonly timings: OperationTimings;

  constructor(
    private readonly graph: GraphClients,
    private readonly polling: PollingOptions = DEFAULT_POLLING,
  ) {
    super();
    this.timings = new OperationTimings(polling.intervalMs, polling.timeoutMs / 2);
  }

  async assignNumber(
    tid: string,
    userId: string,
    telephoneNumber: string,
  ): Promise<OperationOutcome> {
    const end = await this.runOperation(tid, 'assignNumber', {
      telephoneNumber,
      assignmentTargetId: userId,
      numberType: 'directRouting',
      assignmentCategory: 'primary',
    });
    if (end.status === 'succeeded') return { ok: true };
    if (end.status === 'timedOut')
      return { ok: false, code: 'OPERATION_TIMED_OUT', detail: end.detail };
    // Skipped: Teams did nothing, which is right only when the user holds the number already.
    if (end.status === 'skipped' && (await this.holderOf(tid, telephoneNumber)) === userId)
      return { ok: true };
    return this.diagnose(tid, userId, telephoneNumber, end.detail);
  }

  async unassignNumber(tid: string, telephoneNumber: string): Promise<OperationOutcome> {
    const end = await this.runOperation(tid, 'unassignNumber', {
      telephoneNumber,
      numberType: 'directRouting',
    });
    if (end.status === 'succeeded') return { ok: true };
    if (end.status === 'timedOut')
      return { ok: false, code: 'OPERATION_TIMED_OUT', detail: end.detail };
    // Skipped: right only when nobody holds the number any more.
    if (end.status === 'skipped' && (await this.holderOf(tid, telephoneNumber)) === null)
      return { ok: true };
    return { ok: false, code: 'OPERATION_FAILED', detail: end.detail };
  }

  async assignVoiceRoutingPolicy(tid: string, userIds: string[], policyId: string): Promise<void> {
    await this.call(tid, (c) =>
      c.api('/admin/teams/policy/userAssignments/assign').post({
        value: userIds.map((userId) => ({
          userId,
          policyType: 'OnlineVoiceRoutingPolicy',
          policyId,
        })),
      }),
    );
  }

  async unassignVoiceRoutingPolicy(tid: string, userIds: string[]): Promise<void> {
    await this.call(tid, (c) =>
      c.api('/admin/teams/policy/userAssignments/unassign').post({
        value: userIds.map((userId) => ({ userId, policyType: 'OnlineVoiceRoutingPolicy' })),
      }),
    );
  }

  /**
   * Starts an asynchronous number operation (202 + Location) and polls it when it is likely done,
   * then with backoff.
   */
  private async runOperation(tid: string, action: string, body: object): Promise<OperationEnd> {
    // The raw response (for its Location header) does not throw: a refusal is thrown here, inside
    // the call, so that the one retry layer sees it.
    const accepted: Response = await this.call(tid, async (c) => {
      const res: Response = await c
        .api(`${NUMBERS}/numberAssignments/${action}`)
        .responseType(ResponseType.RAW)
        .post(body);
      if (res.status >= 400)
        throw classifyGraphError({
          statusCode: res.status,
          code: ((await res.json().catch(() => ({}))) as { error?: { code?: string } }).error?.code,
          headers: res.headers,
        });
      return res;
    });
    const location = accepted.headers.get('location');
    if (!location)
      throw new MicrosoftError(
        'permanent',
        `Teams accepted ${action} without an operation to follow.`,
      );
    const started = Date.now();
    const deadline = started + this.polling.timeoutMs;
    const firstWait = this.timings.firstPollAfter(tid);
    const catchUp = this.timings.catchUpAfter(tid);
    // After a first poll that came too soon, one short wait to catch up, then waits that double.
    const waitBefore = (poll: number) =>
      poll === 0
        ? firstWait
        : poll === 1
          ? catchUp
          : Math.min(this.polling.intervalMs * 2 ** (poll - 1), this.polling.maxIntervalMs);
    for (let polls = 0; ;) {
      const wait = waitBefore(polls);
      if (Date.now() + wait > deadline)
        return {
          status: 'timedOut',
          detail: `Teams had not finished ${action} after ${Math.round(this.polling.timeoutMs / 1000)} s.`,
        };
      await this.polling.sleep(wait);
      let sentAt = 0;
      const op = unwrapEntity<Operation>(
        await this.call(tid, (c) => {
          sentAt = Date.now();
          return c.api(location).get();
        }),
      );
      polls++;
      if (op.status === 'notStarted' || op.status === 'running') continue;
      if (polls === 1) this.timings.doneAtFirstPoll(tid, firstWait);
      else this.timings.doneLater(tid, sentAt - started);
      if (op.status === 'succeeded') return { status: 'succeeded' };
      return {
        status: op.status === 'skipped' ? 'skipped' : 'failed',
        detail: op.numbers?.[0]?.statusDetail ?? `Teams reported the operation as ${op.status}.`,
      };
    }
  }

  /** Works out why an assignment failed from Teams' state, not from the free-text detail. */
  private async diagnose(
    tid: string,
    userId: string,
    telephoneNumber: string,
    detail: string,
  ): Promise<OperationOutcome> {
    const holder = await this.holderOf(tid, telephoneNumber);
    if (holder && holder !== userId)
      return { ok: false, code: 'NUMBER_HELD_BY_OTHER_USER', detail };
    try {
      const user: { assignedPlans?: { servicePlanId: string; capabilityStatus: string }[] } =
        await this.call(tid, (c) =>
          c.api(`/users/${userId}`).select(['id', 'assignedPlans']).get(),
        );
      const phoneSystem = (user.assignedPlans ?? []).some(
        (p) => p.servicePlanId === MCOEV_PLAN_ID && p.capabilityStatus === 'Enabled',
      );
      return {
        ok: false,
        code: phoneSystem ? 'OPERATION_FAILED' : 'MISSING_PHONE_SYSTEM_LICENSE',
        detail,
      };
    } catch (error) {
      if (error instanceof MicrosoftError && error.kind === 'not_found')
        return { ok: false, code: 'TEAMS_USER_NOT_FOUND', detail };
      throw error;
    }
  }

  /** The user Teams has the number assigned to, or null. */
  private async holderOf(tid: string, telephoneNumber: string): Promise<string | null> {
    const numbers: { value: { assignmentTargetId: string | null; assignmentStatus: string }[] } =
      await this.call(tid, (c) =>
        c
          .api(`${NUMBERS}/numberAssignments`)
          .filter(`telephoneNumber eq '${encodeURIComponent(telephoneNumber)}'`)
          .get(),
      );
    return (
      numbers.value.find((n) => n.assignmentStatus === 'userAssigned' && n.assignmentTargetId)
        ?.assignmentTargetId ?? null
    );
  }

  private call<T>(tid: string, request: (client: Client) => Promise<T>): Promise<T> {
    return this.graph.call(tid, request);
  }
}
