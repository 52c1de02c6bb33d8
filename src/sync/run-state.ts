/**
 * A sync run's life, as data: its states and the moves allowed between them. The runs
 * repository's `transition()` is the only code that changes a run's state, and it asks `canMove`.
 *
 *   queued → planning → applying → succeeded | partially_failed | failed
 *                    ↘ awaiting_approval → applying
 *   any state before the end → cancelled (an admin) or failed (a stop, or attempts used up)
 */
export const RUN_STATES = [
  'queued',
  'planning',
  'awaiting_approval',
  'applying',
  'succeeded',
  'partially_failed',
  'failed',
  'cancelled',
] as const;

export type RunState = (typeof RUN_STATES)[number];

export const ACTIVE_RUN_STATES: readonly RunState[] = [
  'queued',
  'planning',
  'awaiting_approval',
  'applying',
];

export const FINAL_RUN_STATES: readonly RunState[] = [
  'succeeded',
  'partially_failed',
  'failed',
  'cancelled',
];

const MOVES: Record<RunState, readonly RunState[]> = {
  queued: ['planning', 'failed', 'cancelled'],
  planning: ['awaiting_approval', 'applying', 'failed', 'cancelled'],
  awaiting_approval: ['applying', 'failed', 'cancelled'],
  applying: ['succeeded', 'partially_failed', 'failed', 'cancelled'],
  succeeded: [],
  partially_failed: [],
  failed: [],
  cancelled: [],
};

export function canMove(from: RunState, to: RunState): boolean {
  return MOVES[from].includes(to);
}

/** The states a run can move to `to` from. */
export function statesBefore(to: RunState): RunState[] {
  return RUN_STATES.filter((from) => canMove(from, to));
}

export function isFinal(state: RunState): boolean {
  return FINAL_RUN_STATES.includes(state);
}

/** How a run that applied its items ends: the user outcomes decide. */
export function endStateOf(items: { succeeded: number; unchanged: number; failed: number }) {
  if (items.failed === 0) return 'succeeded' as const;
  return items.succeeded + items.unchanged > 0
    ? ('partially_failed' as const)
    : ('failed' as const);
}

export class IllegalRunTransition extends Error {
  constructor(from: RunState | RunState[], to: RunState) {
    super(`A sync run cannot move from ${[from].flat().join('/')} to ${to}.`);
    this.name = 'IllegalRunTransition';
  }
}
