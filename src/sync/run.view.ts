import { ApiPropertyOptional as ApiOptional } from '@nestjs/swagger';
import type { OperatorName } from '../access/operators.service';
import {
  CountsField,
  EnumField,
  Field,
  NullableField,
  ObjectField,
  PageOf,
} from '../common/http/api-fields';
import { RUN_STATES, RunState } from './run-state';
import { RUN_KINDS, RunKind, SyncRunEntity } from './sync.entities';

class RunCountsView {
  @CountsField(
    "What the run planned, by change: of the whole tenant, or of the users an incremental run's changes affect.",
  )
  planned!: Record<string, number>;
  @Field() succeeded!: number;
  @Field() unchanged!: number;
  @Field() failed!: number;
  @Field() notAttempted!: number;
}

class RunProgressView {
  @Field() total!: number;
  @Field() done!: number;
}

class RunErrorView {
  @Field() code!: string;
  @NullableField(String) message!: string | null;
}

/** Who asked for a run or decided on it; only the id when the operator is gone. */
export class OperatorNameView {
  @Field() id!: string;
  @ApiOptional() email?: string;
  @ApiOptional() name?: string;
}

export class RunView {
  @Field() id!: string;
  @Field() tenantId!: string;
  @EnumField(RUN_KINDS) kind!: RunKind;
  @Field() trigger!: string;
  @EnumField(RUN_STATES) state!: RunState;
  @ObjectField(() => RunCountsView) counts!: RunCountsView;
  @ObjectField(() => RunProgressView) progress!: RunProgressView;
  @ObjectField(() => RunErrorView, { nullable: true }) error!: RunErrorView | null;
  @ObjectField(() => OperatorNameView, { nullable: true }) requestedBy!: OperatorNameView | null;
  @ObjectField(() => OperatorNameView, { nullable: true }) decidedBy!: OperatorNameView | null;
  @Field() createdAt!: Date;
  @NullableField(Date) startedAt!: Date | null;
  @NullableField(Date) plannedAt!: Date | null;
  @NullableField(Date) finishedAt!: Date | null;
  @NullableField(Number) durationMs!: number | null;
}

export class RunPageView extends PageOf(() => RunView) {}

/** A run as the API shows it, naming who requested it and who decided on its removals. */
export function runView(run: SyncRunEntity, operators: Map<string, OperatorName>): RunView {
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
