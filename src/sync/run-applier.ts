import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/config';
import { AppLogger } from '../common/logging/app-logger';
import { TeamsUserSettings } from '../microsoft/directory-records';
import { MicrosoftDirectory } from '../microsoft/microsoft-directory';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { FailureCode, failureCodeOf, FAILURES } from '../failures/failure-codes';
import { RunOutcomes } from './run-outcomes';
import { RunStopped } from './run-stopped';
import { RunsRepository } from './runs.repository';
import { RunItemRow, SyncRunRow } from './sync.entities';
import { UserWriter, WriteOutcome } from './user-writer';

/** Users per wave: one `$batch` reads their Teams state before anything is written. */
const WAVE_SIZE = 20;
/** Tries of one call (a wave's read, a user's change) while Microsoft throttles or is unavailable. */
const WRITE_ATTEMPTS = 5;
const BACKOFF_BASE_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with full jitter, never shorter than what Microsoft asked for. */
function backoffMs(attempt: number, retryAfterMs?: number): number {
  const exponential = BACKOFF_BASE_MS * 2 ** (attempt - 1);
  return Math.max(retryAfterMs ?? 0, exponential / 2 + Math.random() * (exponential / 2));
}

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
    private readonly config: AppConfig,
    private readonly logger: AppLogger,
  ) {}

  /**
   * Resolves when every item is done; 'cancelled' when an admin cancelled the run meanwhile, and
   * 'superseded' when another worker took the run over (its job looked stalled): that one ends it.
   */
  async apply(run: SyncRunRow, tid: string): Promise<'done' | 'cancelled' | 'superseded'> {
    const lease = randomUUID();
    await this.runs.update(run.id, { leaseId: lease });
    const waves: RunItemRow[][] = [];
    const pending = await this.runs.pendingItems(run.id);
    for (let i = 0; i < pending.length; i += WAVE_SIZE) waves.push(pending.slice(i, i + WAVE_SIZE));
    let stop = null as 'cancelled' | 'superseded' | RunStopped | null;
    const lanes = Math.max(1, Math.ceil(this.config.sync.applyConcurrency / WAVE_SIZE));
    const lane = async () => {
      for (let wave = waves.shift(); wave && !stop; wave = waves.shift()) {
        try {
          await this.applyWave(run, tid, wave);
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
    const ended = await Promise.allSettled(
      Array.from({ length: Math.min(lanes, waves.length) }, lane),
    );
    const crashed = ended.find((e): e is PromiseRejectedResult => e.status === 'rejected');
    if (crashed) throw crashed.reason;
    if (stop instanceof RunStopped) throw stop;
    return stop ?? 'done';
  }

  private async applyWave(run: SyncRunRow, tid: string, wave: RunItemRow[]): Promise<void> {
    const current = await this.withRetries(() =>
      this.microsoft.teamsUsersByIds(tid, [...new Set(wave.map((i) => i.teamsUserId))]),
    );
    if (current instanceof RunStopped) {
      if (FAILURES[current.code as FailureCode]?.stopsRun) throw current;
      // Teams could not even be read for this wave: each user is a retryable failure.
      const failed = {
        result: 'failed' as const,
        code: current.code as FailureCode,
        detail: current.message,
      };
      await this.outcomes.record(
        run,
        wave.map((item) => ({ item, outcome: failed })),
      );
      return;
    }
    let stopped = null as RunStopped | null;
    const results = await Promise.all(
      wave.map(async (item) => {
        const outcome = await this.writeUser(run, tid, item, current.get(item.teamsUserId) ?? null);
        if (outcome.result === 'failed' && FAILURES[outcome.code]?.stopsRun)
          stopped ??= new RunStopped(outcome.code, outcome.detail);
        return { item, outcome };
      }),
    );
    await this.outcomes.record(run, results);
    if (stopped) throw stopped;
  }

  private async writeUser(
    run: SyncRunRow,
    tid: string,
    item: RunItemRow,
    current: TeamsUserSettings | null,
  ): Promise<WriteOutcome> {
    const outcome = await this.withRetries(() =>
      this.writer.write(tid, item, current, run.policyId),
    );
    if (!(outcome instanceof RunStopped)) return outcome;
    return { result: 'failed', code: outcome.code as FailureCode, detail: outcome.message };
  }

  /** Retries transient errors with backoff; a run-wide error or exhausted retries come back as RunStopped. */
  private async withRetries<T>(action: () => Promise<T>): Promise<T | RunStopped> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await action();
      } catch (error) {
        if (!(error instanceof MicrosoftError)) throw error;
        const code = failureCodeOf(error, false);
        if (error.kind === 'transient' && attempt < WRITE_ATTEMPTS) {
          this.logger.warn(
            { code, attempt, status: error.details.status },
            'Microsoft call will be retried',
          );
          await sleep(backoffMs(attempt, error.details.retryAfterMs));
          continue;
        }
        return new RunStopped(code, error.message);
      }
    }
  }
}
