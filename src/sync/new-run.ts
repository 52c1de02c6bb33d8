import { randomUUID } from 'node:crypto';
import { emptyCounts } from './runs.repository';
import { RunKind, RunTrigger, SyncRunEntity } from './sync.entities';

/** The one way to make a run: queued, nothing planned yet. */
export function newRun(
  fields: {
    tenantId: string;
    kind: RunKind;
    trigger: RunTrigger;
    requestedBy?: string | null;
    /** Set when the run's removals were approved before it was asked for. */
    decidedBy?: string | null;
    scope?: string[] | null;
  },
  now: Date,
): SyncRunEntity {
  return {
    id: randomUUID(),
    state: 'queued',
    requestedBy: null,
    scope: null,
    decidedBy: null,
    ...fields,
    policyId: null,
    counts: emptyCounts(),
    totalItems: 0,
    doneItems: 0,
    errorCode: null,
    errorMessage: null,
    leaseId: null,
    attempts: 0,
    createdAt: now,
    startedAt: null,
    plannedAt: null,
    finishedAt: null,
    heartbeatAt: now,
  };
}
