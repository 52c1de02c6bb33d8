import { EnvReader } from './env-reader';

export function readSyncConfig(env: EnvReader) {
  return {
    /**
     * Users whose Teams writes may be in flight at once, per tenant. Each waits seconds for its
     * number operation, so it takes about this many to keep a tenant's Teams limit busy; the
     * limit itself is kept by pacing, not by this.
     */
    applyConcurrency: env.int('SYNC_APPLY_CONCURRENCY', 160, 1, 400),
    /** Sync runs one worker process works on at once (each for a different tenant). */
    workerConcurrency: env.int('SYNC_WORKER_CONCURRENCY', 2, 1, 50),
    /** A run whose worker has been silent this long is picked up again by the reaper. */
    staleMinutes: env.int('SYNC_STALE_MINUTES', 10, 1, 1440),
    /** How long a worker holds a job without renewing; a killed worker's job is taken over after it. */
    lockSeconds: env.int('QUEUE_LOCK_SECONDS', 30, 2, 600),
    /**
     * Hours between a tenant's licence and drift checks: a full run that reads every user's
     * licences and Teams state, since users delta may not report licence changes.
     */
    dailyCheckHours: env.int('LICENCE_CHECK_HOURS', 24, 1, 24),
    /** The largest manual-mapping CSV an upload may hold, in bytes and in data rows. */
    mappingImportMaxBytes: env.int(
      'MAPPING_IMPORT_MAX_BYTES',
      10 * 1024 * 1024,
      1024,
      200 * 1024 * 1024,
    ),
    mappingImportMaxRows: env.int('MAPPING_IMPORT_MAX_ROWS', 200_000, 1, 1_000_000),
  };
}

export type SyncSettings = ReturnType<typeof readSyncConfig>;
