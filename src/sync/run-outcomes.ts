import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { Failure } from '../failures/classify';
import { FAILURES } from '../failures/failure-codes';
import { nextRetryAt } from '../failures/retry-schedule';
import { storedTeamsSettings } from '../snapshots/snapshot.entities';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import { FailuresRepository } from './failures.repository';
import { RunsRepository } from './runs.repository';
import { RunItemEntity, SyncRunEntity } from './sync.entities';
import { TenantUsersRepository } from './tenant-users.repository';
import { WriteOutcome } from './user-writer';
import { SyncMetrics } from './sync-metrics';

type WaveResult = { item: RunItemEntity; outcome: WriteOutcome };

/**
 * Stores what became of each user of a wave in one transaction: the item, the synced link, the
 * Teams snapshot the write left, the user's state, and an open failure (or its resolution).
 */
@Injectable()
export class RunOutcomes {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly runs: RunsRepository,
    private readonly snapshots: SnapshotsRepository,
    private readonly failures: FailuresRepository,
    private readonly tenantUsers: TenantUsersRepository,
    private readonly metrics: SyncMetrics,
    private readonly clock: Clock,
  ) {}

  async record(run: SyncRunEntity, results: WaveResult[]) {
    await this.unitOfWork.run((tx) => this.recordWave(tx, run, results));
    await this.runs.addProgress(run.id, results.length);
    for (const { outcome } of results)
      this.metrics.userOutcomes.inc({
        result: outcome.result,
        code: outcome.result === 'failed' ? outcome.failure.code : '',
      });
  }

  /** A statement per table for the whole wave, not one per user. */
  private async recordWave(tx: EntityManager, run: SyncRunEntity, results: WaveResult[]) {
    const now = this.clock.now();
    await this.runs.recordItemOutcomes(
      tx,
      run.id,
      results.map(({ item, outcome }) => ({
        seq: item.seq,
        state: outcome.result,
        failureCode: outcome.result === 'failed' ? outcome.failure.code : null,
      })),
      now,
    );
    const done = results.filter((r) => r.outcome.result !== 'failed').map((r) => r.item);
    const kept = done.filter((i) => i.change !== 'remove');
    await this.snapshots.pinLinks(
      kept.map((i) => ({
        tenantId: run.tenantId,
        pbxUserId: i.pbxUserId,
        teamsUserId: i.teamsUserId,
        number: i.number,
      })),
      now,
      tx,
    );
    await this.snapshots.releaseLinks(
      run.tenantId,
      done.filter((i) => i.change === 'remove').map((i) => i.pbxUserId),
      tx,
    );
    await this.snapshots.upsertTeamsSettings(
      results.flatMap(({ outcome }) =>
        outcome.result !== 'failed' && outcome.settings
          ? [storedTeamsSettings(run.tenantId, outcome.settings)]
          : [],
      ),
      tx,
    );
    await this.failures.resolve(
      tx,
      run.tenantId,
      done.map((i) => i.pbxUserId),
      now,
    );
    for (const { item, outcome } of results)
      if (outcome.result === 'failed') await this.openFailure(tx, run, item, outcome.failure, now);
    await this.tenantUsers.recordOutcomes(
      tx,
      results.map(({ item, outcome }) => ({
        tenantId: run.tenantId,
        pbxUserId: item.pbxUserId,
        teamsUserId: item.teamsUserId,
        method: item.method,
        number: item.number,
        runId: run.id,
        state:
          outcome.result === 'failed' ? 'failed' : item.change === 'remove' ? 'removed' : 'synced',
        reason: outcome.result === 'failed' ? outcome.failure.code : null,
      })),
    );
  }

  private openFailure(
    tx: EntityManager,
    run: SyncRunEntity,
    item: RunItemEntity,
    failure: Failure,
    now: Date,
  ): Promise<void> {
    const info = FAILURES[failure.code];
    const retryable = failure.retry !== 'never';
    return this.failures.record(
      tx,
      run.tenantId,
      item.pbxUserId,
      (attempts) => ({
        runId: run.id,
        teamsUserId: item.teamsUserId,
        change: item.change,
        number: item.number,
        code: failure.code,
        message: `${info.message} ${failure.detail}`.trim(),
        action: info.action,
        retryable,
        nextRetryAt: retryable ? nextRetryAt(now, attempts) : null,
        updatedAt: now,
      }),
      now,
    );
  }
}
