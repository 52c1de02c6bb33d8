/** Where a job runs and how BullMQ retries it. */
export interface JobSpec {
  queue: string;
  attempts: number;
  backoffMs: number;
  /** Removed as soon as it ends, so that its deterministic id can be used again. */
  unique?: boolean;
  /** Periodic: the workers keep one schedule of it per deployment, every this many ms. */
  everyMs?: number;
}

export type Catalogue = Record<string, JobSpec>;

/**
 * The one catalogue of background jobs: name → queue and retry policy. Each name has its payload
 * type in JobPayloads and exactly one @JobHandler; start-up fails otherwise.
 */
export const JOB_CATALOGUE = {
  'email.deliver': { queue: 'email', attempts: 8, backoffMs: 5_000 },
  'sync.run': { queue: 'sync', attempts: 5, backoffMs: 15_000, unique: true },
  'sync.scheduled': { queue: 'sync', attempts: 3, backoffMs: 5_000 },
  // Waits out a run under way: 5 min, 10 min, … about 5 hours in all.
  'sync.dailyCheck': { queue: 'sync', attempts: 7, backoffMs: 5 * 60_000 },
  'sync.reap': { queue: 'sync', attempts: 1, backoffMs: 1_000, everyMs: 60_000 },
  'tenants.purge': { queue: 'sync', attempts: 3, backoffMs: 60_000, everyMs: 3600_000 },
  'operators.purge': { queue: 'sync', attempts: 3, backoffMs: 60_000, everyMs: 3600_000 },
  // Onboarding records its own waits and retries; BullMQ's attempts cover a worker that died.
  'directRouting.onboard': { queue: 'setup', attempts: 3, backoffMs: 30_000, unique: true },
  'directRouting.sweep': { queue: 'setup', attempts: 1, backoffMs: 1_000, everyMs: 60_000 },
} satisfies Catalogue;

/** Payload type per job name. Payloads carry ids; the database holds the truth. */
export interface JobPayloads {
  'email.deliver': { emailId: string };
  /** One run of one tenant; the run's row is stored first, and the job id is the run's. */
  'sync.run': { tenantId: string; runId: string };
  /** A tenant's schedule fired: an incremental run, unless one is under way. */
  'sync.scheduled': { tenantId: string };
  /** A tenant's licence and drift check is due: a full run, after any run under way. */
  'sync.dailyCheck': { tenantId: string };
  /** Finds runs whose worker went quiet and queues them again. */
  'sync.reap': Record<string, never>;
  /** Purges the tenants deleted longer ago than they can be restored. */
  'tenants.purge': Record<string, never>;
  /** Purges the operators deleted longer ago than they can be restored. */
  'operators.purge': Record<string, never>;
  /** Takes a tenant's Direct Routing onboarding as far as it can go now. */
  'directRouting.onboard': { tenantId: string };
  /** Queues the onboardings whose wait is over. */
  'directRouting.sweep': Record<string, never>;
}

export const JOB_CATALOGUE_TOKEN = Symbol('JOB_CATALOGUE');
