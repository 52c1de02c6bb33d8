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
    scope?: string[] | null;
  },
  now: Date,
): SyncRunEntity {
  return {
    id: randomUUID(),
    state: 'queued',
    requestedBy: null,
    scope: null,
    ...fields,
    policyId: null,
    counts: emptyCounts(),
    totalItems: 0,
    doneItems: 0,
    errorCode: null,
    errorMessage: null,
    decidedBy: null,
    leaseId: null,
    attempts: 0,
    createdAt: now,
    startedAt: null,
    plannedAt: null,
    finishedAt: null,
    heartbeatAt: now,
  };
}
