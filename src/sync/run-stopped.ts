import { FailureCode } from '../failures/failure-codes';

/** Something that stops a whole run: every further call would fail the same way. */
export class RunStopped extends Error {
  constructor(
    readonly code: FailureCode | 'PBX_UNAVAILABLE' | 'PBX_CREDENTIALS_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'RunStopped';
  }
}
