/**
 * How long something deleted (a tenant, an operator) stays inactive and restorable before a job
 * purges it, as Microsoft Partner Center keeps a deleted customer user.
 */
export const RESTORE_DAYS = 30;
const DAY_MS = 86_400_000;

export function restorableUntil(deletedAt: Date): Date {
  return new Date(deletedAt.getTime() + RESTORE_DAYS * DAY_MS);
}

/** Deleted before this instant: past restoring, due to be purged. */
export function purgeableBefore(now: Date): Date {
  return new Date(now.getTime() - RESTORE_DAYS * DAY_MS);
}

/** How deletion messages name a day. */
export const day = (at: Date) => at.toISOString().slice(0, 10);
