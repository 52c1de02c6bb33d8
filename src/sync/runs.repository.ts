import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThan } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import {
  ACTIVE_RUN_STATES,
  ItemState,
  RunCounts,
  RunItemRow,
  RunState,
  SyncRunRow,
} from './sync.entities';

export const TERMINAL_STATES: RunState[] = ['succeeded', 'partially_failed', 'failed', 'cancelled'];

export const emptyCounts = (): RunCounts => ({
  planned: {},
  succeeded: 0,
  unchanged: 0,
  failed: 0,
  notAttempted: 0,
});

/** Sync runs and their stored plans. */
@Injectable()
export class RunsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private get runs() {
    return this.dataSource.getRepository(SyncRunRow);
  }

  private get items() {
    return this.dataSource.getRepository(RunItemRow);
  }

  find(id: string): Promise<SyncRunRow | null> {
    return this.runs.findOneBy({ id });
  }

  async require(id: string): Promise<SyncRunRow> {
    const run = await this.find(id);
    if (!run) throw new DomainError('RUN_NOT_FOUND', 'No such sync run.');
    return run;
  }

  async insert(run: SyncRunRow): Promise<void> {
    await this.runs.insert(run);
  }

  list(tenantId: string, page: number, pageSize: number) {
    return this.runs.findAndCount({
      where: { tenantId },
      order: { createdAt: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }

  awaitingApproval(tenantId: string): Promise<SyncRunRow | null> {
    return this.runs.findOneBy({ tenantId, state: 'awaiting_approval' });
  }

  /** Runs under way whose worker has not been heard of since `before`. */
  stale(before: Date): Promise<SyncRunRow[]> {
    return this.runs.findBy({
      state: In(ACTIVE_RUN_STATES.filter((s) => s !== 'awaiting_approval')),
      heartbeatAt: LessThan(before),
    });
  }

  /** Moves a run on; `from` makes the move conditional, so that two deciders cannot both win. */
  async update(id: string, changes: Partial<SyncRunRow>, from?: RunState[]): Promise<boolean> {
    const result = await this.runs.update(from ? { id, state: In(from) } : { id }, {
      ...changes,
      heartbeatAt: this.clock.now(),
    });
    return (result.affected ?? 0) > 0;
  }

  async addProgress(id: string, done: number): Promise<void> {
    await this.runs
      .createQueryBuilder()
      .update()
      .set({ doneItems: () => `done_items + ${Number(done)}`, heartbeatAt: this.clock.now() })
      .where('id = :id', { id })
      .execute();
  }

  pendingItems(runId: string): Promise<RunItemRow[]> {
    return this.items.find({ where: { runId, state: 'pending' }, order: { seq: 'ASC' } });
  }

  async itemStates(runId: string): Promise<Record<ItemState, number>> {
    const rows: { state: ItemState; n: string | number }[] = await this.items
      .createQueryBuilder('i')
      .select('i.state', 'state')
      .addSelect('COUNT(*)', 'n')
      .where('i.run_id = :runId', { runId })
      .groupBy('i.state')
      .getRawMany();
    const counts = { pending: 0, succeeded: 0, unchanged: 0, failed: 0, not_attempted: 0 };
    for (const row of rows) counts[row.state] = Number(row.n);
    return counts;
  }

  async markNotAttempted(runId: string): Promise<void> {
    await this.items.update({ runId, state: 'pending' }, { state: 'not_attempted' });
  }
}
