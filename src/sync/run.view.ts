import { SyncRunEntity } from './sync.entities';

/** A run as the API shows it. */
export function runView(run: SyncRunEntity) {
  return {
    id: run.id,
    tenantId: run.tenantId,
    kind: run.kind,
    trigger: run.trigger,
    state: run.state,
    counts: run.counts,
    progress: { total: run.totalItems, done: run.doneItems },
    error: run.errorCode ? { code: run.errorCode, message: run.errorMessage } : null,
    requestedBy: run.requestedBy,
    decidedBy: run.decidedBy,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    plannedAt: run.plannedAt,
    finishedAt: run.finishedAt,
    durationMs:
      run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
  };
}
