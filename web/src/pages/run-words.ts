import type { Schemas } from '../api';

/** Run states in words; a state the API adds breaks this record at build time. */
export const RUN_STATE_WORDS: Record<Schemas['RunView']['state'], string> = {
  queued: 'Queued',
  planning: 'Planning',
  awaiting_approval: 'Waiting for approval',
  applying: 'Applying',
  succeeded: 'Succeeded',
  partially_failed: 'Partly failed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const ACTIVE_STATES: Schemas['RunView']['state'][] = [
  'queued',
  'planning',
  'awaiting_approval',
  'applying',
];
