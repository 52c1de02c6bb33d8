import type { Schemas } from '../api';
import { when } from '../components/feedback';

/** An operator's status in words; a status the API adds breaks this record at build time. */
export const STATUS_WORDS: Record<Schemas['OperatorView']['status'], string> = {
  invited: 'Invited',
  active: 'Active',
  deactivated: 'Deactivated',
  deleted: 'Deleted',
};

/** The status as a table cell says it: a deleted person's with the day they can be restored until. */
export function statusWords(
  p: Pick<Schemas['OperatorView'], 'status' | 'restorableUntil'>,
): string {
  return p.restorableUntil
    ? `${STATUS_WORDS[p.status]}, restorable until ${when(p.restorableUntil)}`
    : STATUS_WORDS[p.status];
}
