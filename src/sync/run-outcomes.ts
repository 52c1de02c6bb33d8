import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { upsertInChunks } from '../database/chunks';
import { runInTransaction } from '../database/transaction';
import { SyncedLinkRow, teamsSettingsRow, TeamsSettingsRow } from '../snapshots/snapshot.entities';
import { FAILURES } from '../failures/failure-codes';
import { RunsRepository } from './runs.repository';
import { RunItemRow, SyncFailureRow, SyncRunRow } from './sync.entities';
import { TenantUsers } from './tenant-users';
import { WriteOutcome } from './user-writer';
import { SyncMetrics } from './sync-metrics';

type WaveResult = { item: RunItemRow; outcome: WriteOutcome };

const RETRY_BASE_MS = 5 * 60_000;
const RETRY_CAP_MS = 6 * 3600_000;

/** When a failed user is tried again: exponential backoff with jitter, so retries spread out. */
export function nextRetryAt(now: Date, attempts: number, random = Math.random): Date {
  const backoff = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + backoff * (0.8 + 0.4 * random()));
}

/**
 * Stores what became of each user of a wave in one transaction: the item, the synced link, the
 * Teams snapshot the write left, the user's state, and an open failure (or its resolution).
 */
@Injectable()
export class RunOutcomes {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runs: RunsRepository,
    private readonly tenantUsers: TenantUsers,
    private readonly metrics: SyncMetrics,
    private readonly clock: Clock,
  ) {}

  async record(run: SyncRunRow, results: WaveResult[]) {
    await runInTransaction(this.dataSource, (manager) => this.recordWave(manager, run, results));
    await this.runs.addProgress(run.id, results.length);
    for (const { outcome } of results)
      this.metrics.userOutcomes.inc({
        result: outcome.result,
        code: outcome.result === 'failed' ? outcome.code : '',
      });
  }

  /** A statement per table for the whole wave, not one per user. */
  private async recordWave(manager: EntityManager, run: SyncRunRow, results: WaveResult[]) {
    const now = this.clock.now();
    await this.recordItems(manager, run.id, results, now);
    const done = results.filter((r) => r.outcome.result !== 'failed');
    await this.recordLinks(manager, run.tenantId, done, now);
    await upsertInChunks(
      manager,
      TeamsSettingsRow,
      done.flatMap(({ outcome }) =>
        outcome.result !== 'failed' && outcome.settings
          ? [teamsSettingsRow(run.tenantId, outcome.settings, now)]
          : [],
      ),
      ['tenantId', 'userId'],
    );
    if (done.length)
      await manager.getRepository(SyncFailureRow).update(
        {
          tenantId: run.tenantId,
          pbxUserId: In(done.map((r) => r.item.pbxUserId)),
          resolvedAt: IsNull(),
        },
        { resolvedAt: now, updatedAt: now },
      );
    for (const { item, outcome } of results)
      if (outcome.result === 'failed')
        await this.openFailure(manager, run, item, outcome.code, outcome.detail);
    await this.tenantUsers.recordOutcomes(
      manager,
      results.map(({ item, outcome }) => ({
        tenantId: run.tenantId,
        pbxUserId: item.pbxUserId,
        teamsUserId: item.teamsUserId,
        method: item.method,
        number: item.number,
        runId: run.id,
        state:
          outcome.result === 'failed' ? 'failed' : item.change === 'remove' ? 'removed' : 'synced',
        reason: outcome.result === 'failed' ? outcome.code : null,
      })),
    );
  }

  /** One update per distinct outcome of the wave. */
  private async recordItems(
    manager: EntityManager,
    runId: string,
    results: WaveResult[],
    now: Date,
  ) {
    const seqsByOutcome = new Map<string, number[]>();
    for (const { item, outcome } of results) {
      const key = outcome.result === 'failed' ? `failed/${outcome.code}` : outcome.result;
      seqsByOutcome.set(key, [...(seqsByOutcome.get(key) ?? []), item.seq]);
    }
    for (const [key, seqs] of seqsByOutcome) {
      const [state, code] = key.split('/');
      await manager
        .getRepository(RunItemRow)
        .update(
          { runId, seq: In(seqs) },
          { state: state as RunItemRow['state'], failureCode: code ?? null, finishedAt: now },
        );
    }
  }

  /** Pairs now in Teams are pinned; released pairs are let go. */
  private async recordLinks(
    manager: EntityManager,
    tenantId: string,
    done: WaveResult[],
    now: Date,
  ) {
    const kept = done.filter((r) => r.item.change !== 'remove').map((r) => r.item);
    const removed = done.filter((r) => r.item.change === 'remove').map((r) => r.item.pbxUserId);
    await upsertInChunks(
      manager,
      SyncedLinkRow,
      kept.map((i) => ({
        tenantId,
        pbxUserId: i.pbxUserId,
        teamsUserId: i.teamsUserId,
        number: i.number,
        syncedAt: now,
      })),
      ['tenantId', 'pbxUserId'],
    );
    if (removed.length)
      await manager.getRepository(SyncedLinkRow).delete({ tenantId, pbxUserId: In(removed) });
  }

  private async openFailure(
    manager: EntityManager,
    run: SyncRunRow,
    item: RunItemRow,
    code: keyof typeof FAILURES,
    detail: string,
  ): Promise<void> {
    const repo = manager.getRepository(SyncFailureRow);
    const now = this.clock.now();
    const open = await repo.findOneBy({
      tenantId: run.tenantId,
      pbxUserId: item.pbxUserId,
      resolvedAt: IsNull(),
    });
    const attempts = (open?.attempts ?? 0) + 1;
    const info = FAILURES[code];
    const fields = {
      runId: run.id,
      teamsUserId: item.teamsUserId,
      change: item.change,
      number: item.number,
      code,
      message: `${info.message} ${detail}`.trim(),
      action: info.action,
      retryable: info.retryable,
      nextRetryAt: info.retryable ? nextRetryAt(now, attempts) : null,
      attempts,
      updatedAt: now,
    };
    if (open) await repo.update({ id: open.id }, fields);
    else
      await repo.insert({
        id: randomUUID(),
        tenantId: run.tenantId,
        pbxUserId: item.pbxUserId,
        createdAt: now,
        resolvedAt: null,
        ...fields,
      });
  }
}
