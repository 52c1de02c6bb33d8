import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { runInTransaction } from '../database/transaction';
import { SyncedLinkRow, TeamsSettingsRow } from '../directory/snapshot.entities';
import { FAILURES } from './failure-codes';
import { RunsRepository } from './runs.repository';
import { RunItemRow, SyncFailureRow, SyncRunRow } from './sync.entities';
import { TenantUsers } from './tenant-users';
import { WriteOutcome } from './user-writer';
import { SyncMetrics } from './sync-metrics';

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

  async record(run: SyncRunRow, results: { item: RunItemRow; outcome: WriteOutcome }[]) {
    await runInTransaction(this.dataSource, async (manager) => {
      for (const { item, outcome } of results) await this.recordOne(manager, run, item, outcome);
    });
    await this.runs.addProgress(run.id, results.length);
    for (const { outcome } of results)
      this.metrics.userOutcomes.inc({
        result: outcome.result,
        code: outcome.result === 'failed' ? outcome.code : '',
      });
  }

  private async recordOne(
    manager: EntityManager,
    run: SyncRunRow,
    item: RunItemRow,
    outcome: WriteOutcome,
  ): Promise<void> {
    const now = this.clock.now();
    const tenantId = run.tenantId;
    await manager.getRepository(RunItemRow).update(
      { runId: item.runId, seq: item.seq },
      {
        state: outcome.result,
        failureCode: outcome.result === 'failed' ? outcome.code : null,
        finishedAt: now,
      },
    );
    const user = {
      tenantId,
      pbxUserId: item.pbxUserId,
      teamsUserId: item.teamsUserId,
      method: item.method,
      number: item.number,
      runId: run.id,
    };
    if (outcome.result === 'failed') {
      await this.openFailure(manager, run, item, outcome.code, outcome.detail);
      await this.tenantUsers.recordOutcome(manager, {
        ...user,
        state: 'failed',
        reason: outcome.code,
      });
      return;
    }
    const links = manager.getRepository(SyncedLinkRow);
    if (item.change === 'remove') {
      await links.delete({ tenantId, pbxUserId: item.pbxUserId });
      await this.tenantUsers.recordOutcome(manager, { ...user, state: 'removed', reason: null });
    } else {
      await links.upsert(
        {
          tenantId,
          pbxUserId: item.pbxUserId,
          teamsUserId: item.teamsUserId,
          number: item.number,
          syncedAt: now,
        },
        ['tenantId', 'pbxUserId'],
      );
      await this.tenantUsers.recordOutcome(manager, { ...user, state: 'synced', reason: null });
    }
    if (outcome.settings) {
      const s = outcome.settings;
      await manager.getRepository(TeamsSettingsRow).upsert(
        {
          tenantId,
          userId: s.id,
          accountType: s.accountType,
          enterpriseVoice: s.enterpriseVoiceEnabled,
          numbers: s.numbers,
          voiceRoutingPolicyId: s.voiceRoutingPolicyId,
          seenAt: now,
        },
        ['tenantId', 'userId'],
      );
    }
    await manager
      .getRepository(SyncFailureRow)
      .update(
        { tenantId, pbxUserId: item.pbxUserId, resolvedAt: IsNull() },
        { resolvedAt: now, updatedAt: now },
      );
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
