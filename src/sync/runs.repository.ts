import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, LessThan } from 'typeorm';
import { isUniqueViolation } from '../database/unique-violation';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { insertInChunks } from '../database/chunks';
import {
  ACTIVE_RUN_STATES,
  FINAL_RUN_STATES,
  canMove,
  IllegalRunTransition,
  RunState,
  statesBefore,
} from './run-state';
import { ItemState, RunCounts, RunItemEntity, SyncRunEntity } from './sync.entities';

export const emptyCounts = (): RunCounts => ({
  planned: {},
  succeeded: 0,
  unchanged: 0,
  failed: 0,
  notAttempted: 0,
});

/** What may change about a run besides its state, which only `transition()` moves. */
export type RunProgress = Omit<Partial<SyncRunEntity>, 'id' | 'tenantId' | 'state'>;

/** Sync runs and their stored plans (run items). */
@Injectable()
export class RunsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private get runs() {
    return this.dataSource.getRepository(SyncRunEntity);
  }

  private get items() {
    return this.dataSource.getRepository(RunItemEntity);
  }

  find(id: string): Promise<SyncRunEntity | null> {
    return this.runs.findOneBy({ id });
  }

  async require(id: string): Promise<SyncRunEntity> {
    const run = await this.find(id);
    if (!run) throw new DomainError('RUN_NOT_FOUND', 'No such sync run.');
    return run;
  }

  /** The tenant's run that is not over yet, if any (there is at most one). */
  active(tenantId: string): Promise<SyncRunEntity | null> {
    return this.runs.findOneBy({ tenantId, state: In([...ACTIVE_RUN_STATES]) });
  }

  /** Stores a new run; false when the tenant already has an active run (the unique index says so). */
  async insertActive(run: SyncRunEntity): Promise<boolean> {
    try {
      await this.runs.insert(run);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  list(tenantId: string, page: number, pageSize: number) {
    return this.runs.findAndCount({
      where: { tenantId },
      order: { createdAt: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }

  /** The tenant's latest runs that have ended, newest first. */
  latestFinished(tenantId: string, count: number): Promise<SyncRunEntity[]> {
    return this.runs.find({
      where: { tenantId, state: In([...FINAL_RUN_STATES]) },
      order: { finishedAt: 'DESC' },
      take: count,
    });
  }

  /** The tenant's latest run that succeeded (every user in step). */
  lastSucceeded(tenantId: string): Promise<SyncRunEntity | null> {
    return this.runs.findOne({
      where: { tenantId, state: 'succeeded' },
      order: { finishedAt: 'DESC' },
    });
  }

  countForTenant(tenantId: string): Promise<number> {
    return this.runs.countBy({ tenantId });
  }

  /** Runs under way (or waiting for their job) whose worker has not been heard of since `before`. */
  stale(before: Date): Promise<SyncRunEntity[]> {
    return this.runs.findBy({
      state: In(ACTIVE_RUN_STATES.filter((s) => s !== 'awaiting_approval')),
      heartbeatAt: LessThan(before),
    });
  }

  /**
   * The one way a run's state changes: a conditional update from `from` (by default every state
   * that may move to `to`), so that of two deciders only one wins. Answers whether this one did.
   */
  async transition(
    id: string,
    to: RunState,
    changes: RunProgress = {},
    from: RunState[] = statesBefore(to),
  ): Promise<boolean> {
    const illegal = from.filter((state) => !canMove(state, to));
    if (illegal.length) throw new IllegalRunTransition(illegal, to);
    const result = await this.runs.update(
      { id, state: In(from) },
      { ...changes, state: to, heartbeatAt: this.clock.now() },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Records progress; never the state. */
  async update(id: string, changes: RunProgress): Promise<void> {
    await this.runs.update({ id }, { ...changes, heartbeatAt: this.clock.now() });
  }

  /** Counts one more job attempt at the run and answers the run as it now stands. */
  async startAttempt(id: string): Promise<SyncRunEntity | null> {
    await this.runs
      .createQueryBuilder()
      .update()
      .set({ attempts: () => 'attempts + 1', heartbeatAt: this.clock.now() })
      .where('id = :id', { id })
      .execute();
    return this.find(id);
  }

  async addProgress(id: string, done: number): Promise<void> {
    await this.runs
      .createQueryBuilder()
      .update()
      .set({ doneItems: () => `done_items + ${Number(done)}`, heartbeatAt: this.clock.now() })
      .where('id = :id', { id })
      .execute();
  }

  /** The run's part of the plan, stored before anything is written (again, if planning resumed). */
  async replaceItems(runId: string, items: RunItemEntity[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(RunItemEntity).delete({ runId });
      await insertInChunks(manager, RunItemEntity, items);
    });
  }

  /** One update per distinct outcome of a wave. */
  async recordItemOutcomes(
    tx: EntityManager,
    runId: string,
    outcomes: { seq: number; state: ItemState; failureCode: string | null }[],
    now: Date,
  ): Promise<void> {
    const seqsByOutcome = new Map<string, number[]>();
    for (const o of outcomes) {
      const key = `${o.state}/${o.failureCode ?? ''}`;
      seqsByOutcome.set(key, [...(seqsByOutcome.get(key) ?? []), o.seq]);
    }
    for (const [key, seqs] of seqsByOutcome) {
      const [state, code] = key.split('/');
      await tx
        .getRepository(RunItemEntity)
        .update(
          { runId, seq: In(seqs) },
          { state: state as ItemState, failureCode: code || null, finishedAt: now },
        );
    }
  }

  pendingItems(runId: string): Promise<RunItemEntity[]> {
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
