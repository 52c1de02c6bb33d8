import type { Schemas } from '../api';

/** An operator's status in words; a status the API adds breaks this record at build time. */
export const STATUS_WORDS: Record<Schemas['OperatorView']['status'], string> = {
  invited: 'Invited',
  active: 'Active',
  deactivated: 'Deactivated',
};
