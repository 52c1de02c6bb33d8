import { Failure } from '../failures/classify';

/** A failure that stops a whole run (or the tenant's sync): every further call would fail the same way. */
export class RunStopped extends Error {
  constructor(readonly failure: Failure) {
    super(failure.detail);
    this.name = 'RunStopped';
  }
}
