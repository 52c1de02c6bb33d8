import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { allEnded } from '../common/streams/all-ended';
import { AppConfig } from '../config/config';
import { TeamsUserSettings } from '../microsoft/directory-records';
import { MicrosoftDirectory } from '../microsoft/microsoft-directory';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { classify } from '../failures/classify';
import { PolicyRef } from '../matching/engine/policy';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import { TeamsSettingsEntity, teamsSettingsOf } from '../snapshots/snapshot.entities';
import { RunOutcomes } from './run-outcomes';
import { RunStopped } from './run-stopped';
import { RunsRepository } from './runs.repository';
import { RunItemEntity, SyncRunEntity } from './sync.entities';
import { UserWriter } from './user-writer';

/** Users per wave: one `$batch` reads their Teams state before anything is written. */
const WAVE_SIZE = 20;

/**
 * Applies a run's stored plan: waves of users, several in flight up to the tenant's limit, each
 * read before it is written, outcomes stored wave by wave. Resumable: only pending items are
 * taken, so a run picked up after a crash carries on where it stopped.
 */
@Injectable()
export class RunApplier {
  constructor(
    private readonly runs: RunsRepository,
    private readonly microsoft: MicrosoftDirectory,
    private readonly writer: UserWriter,
    private readonly outcomes: RunOutcomes,
    private readonly snapshots: SnapshotsRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * Resolves when every item is done; 'cancelled' when an admin cancelled the run meanwhile, and
   * 'superseded' when another worker took the run over (its job looked stalled): that one ends it.
   */
  async apply(
    run: SyncRunEntity,
    tid: string,
    policy: PolicyRef | null,
    { planJustRead }: { planJustRead: boolean },
  ): Promise<'done' | 'cancelled' | 'superseded'> {
    const lease = randomUUID();
    await this.runs.update(run.id, { leaseId: lease });
    const waves: RunItemEntity[][] = [];
    const pending = await this.runs.pendingItems(run.id);
    for (let i = 0; i < pending.length; i += WAVE_SIZE) waves.push(pending.slice(i, i + WAVE_SIZE));
    let stop = null as 'cancelled' | 'superseded' | RunStopped | null;
    const lanes = Math.max(1, Math.ceil(this.config.sync.applyConcurrency / WAVE_SIZE));
    const lane = async () => {
      for (let wave = waves.shift(); wave && !stop; wave = waves.shift()) {
        try {
          await this.applyWave(run, tid, wave, policy, planJustRead);
        } catch (error) {
          if (error instanceof RunStopped) stop ??= error;
          else throw error;
        }
        const now = await this.runs.find(run.id);
        if (now?.state === 'cancelled') stop ??= 'cancelled';
        else if (now?.leaseId !== lease) stop ??= 'superseded';
      }
    };
    // Every lane ends before an error goes up, so that no lane writes behind a retried job.
    await allEnded(Array.from({ length: Math.min(lanes, waves.length) }, lane));
    if (stop instanceof RunStopped) throw stop;
    return stop ?? 'done';
  }

  private async applyWave(
    run: SyncRunEntity,
    tid: string,
    wave: RunItemEntity[],
    policy: PolicyRef | null,
    planJustRead: boolean,
  ): Promise<void> {
    const ids = [...new Set(wave.map((i) => i.teamsUserId))];
    let current: Map<string, TeamsUserSettings | null>;
    try {
      current = planJustRead
        ? await this.stored(run.tenantId, ids)
        : await this.microsoft.teamsUsersByIds(tid, ids);
    } catch (error) {
      const failure = classify(error);
      if (failure.code === 'UNEXPECTED_ERROR' || failure.retry === 'never')
        throw error instanceof MicrosoftError ? new RunStopped(failure) : error;
      // Teams could not be read for this wave even after retries: each user is tried again later.
      const failed = { result: 'failed' as const, failure: { ...failure, scope: 'user' as const } };
      await this.outcomes.record(
        run,
        wave.map((item) => ({ item, outcome: failed })),
      );
      return;
    }
    const outcomes = await this.writer.writeWave(
      tid,
      wave.map((item) => ({ item, current: current.get(item.teamsUserId) ?? null })),
      policy,
    );
    const results = wave.map((item, i) => ({ item, outcome: outcomes[i] }));
    await this.outcomes.record(run, results);
    const stop = results.find(
      (r) => r.outcome.result === 'failed' && r.outcome.failure.scope !== 'user',
    );
    if (stop?.outcome.result === 'failed') throw new RunStopped(stop.outcome.failure);
  }

  /** Teams' state as the run's own plan read it, with what this run has written since. */
  private async stored(tenantId: string, ids: string[]): Promise<Map<string, TeamsUserSettings>> {
    const rows = await this.snapshots.where(TeamsSettingsEntity, tenantId, 'userId', ids, [
      'accountType',
      'enterpriseVoice',
      'numbers',
      'voiceRoutingPolicyId',
      'voiceRoutingPolicyName',
    ]);
    return new Map(rows.map((r) => [r.userId, teamsSettingsOf(r as TeamsSettingsEntity)]));
  }
}
