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

/** What a run planned, by change, in words; `toApply` (their sum that the run applies) apart. */
const PLANNED_WORDS: Record<string, string> = {
  assign: 'to assign',
  update: 'to update',
  remove: 'to remove',
  unchanged: 'unchanged',
  blocked: 'blocked',
  conflict: 'in conflict',
  unmatched: 'unmatched',
};

export function plannedInWords(planned: Record<string, number>): string {
  const parts = Object.entries(planned)
    .filter(([change, n]) => change !== 'toApply' && n > 0)
    .map(([change, n]) => `${n} ${PLANNED_WORDS[change] ?? change}`);
  if (parts.length === 0) return '—';
  return `${parts.join(', ')} (${planned.toApply ?? 0} to apply)`;
}
