import type { OperatorName } from '../access/operators.service';
import { SyncRunEntity } from './sync.entities';

/** A run as the API shows it, naming who requested it and who decided on its removals. */
export function runView(run: SyncRunEntity, operators: Map<string, OperatorName>) {
  return {
    id: run.id,
    tenantId: run.tenantId,
    kind: run.kind,
    trigger: run.trigger,
    state: run.state,
    counts: run.counts,
    progress: { total: run.totalItems, done: run.doneItems },
    error: run.errorCode ? { code: run.errorCode, message: run.errorMessage } : null,
    requestedBy: run.requestedBy
      ? (operators.get(run.requestedBy) ?? { id: run.requestedBy })
      : null,
    decidedBy: run.decidedBy ? (operators.get(run.decidedBy) ?? { id: run.decidedBy }) : null,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    plannedAt: run.plannedAt,
    finishedAt: run.finishedAt,
    durationMs:
      run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
  };
}
