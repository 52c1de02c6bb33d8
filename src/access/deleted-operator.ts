import { DomainError } from '../common/errors/domain-error';
import { day, restorableUntil } from '../common/restore-period';
import { OperatorEntity } from './operator.entity';

/** A deleted operator takes no change but their restore. */
export function deleted(operator: OperatorEntity): DomainError {
  return new DomainError(
    'OPERATOR_DELETED',
    `${operator.email} was deleted on ${day(operator.deletedAt!)}; a provider admin can restore them until ${day(restorableUntil(operator.deletedAt!))}.`,
  );
}
