/** Where a job runs and how BullMQ retries it. */
export interface JobSpec {
  queue: string;
  attempts: number;
  backoffMs: number;
}

export type Catalogue = Record<string, JobSpec>;

/**
 * The one catalogue of background jobs: name → queue and retry policy. Each name has its payload
 * type in JobPayloads and exactly one @JobHandler; start-up fails otherwise.
 */
export const JOB_CATALOGUE = {
  'email.deliver': { queue: 'email', attempts: 8, backoffMs: 5_000 },
} satisfies Catalogue;

/** Payload type per job name. Payloads carry ids; the database holds the truth. */
export interface JobPayloads {
  'email.deliver': { emailId: string };
}

export const JOB_CATALOGUE_TOKEN = Symbol('JOB_CATALOGUE');
