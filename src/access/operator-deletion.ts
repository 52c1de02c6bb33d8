import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { AppLogger } from '../common/logging/app-logger';
import { JobHandler } from '../common/queue/job-handler.decorator';
import { day, purgeableBefore, restorableUntil } from '../common/restore-period';
import { operatorView, OperatorView } from './operator.view';
import { OperatorsRepository } from './operators.repository';
import { OperatorsService } from './operators.service';
import { deleted } from './deleted-operator';
import { SessionsService } from './sessions.service';

/**
 * Deleting an operator, as a deleted tenant: they cannot sign in (their sessions end at once), they
 * keep their e-mail address, role and tenants, and a provider admin can restore them for
 * RESTORE_DAYS; then a job purges them.
 */
@Injectable()
export class OperatorDeletion {
  constructor(
    private readonly operators: OperatorsRepository,
    private readonly people: OperatorsService,
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
  ) {}

  async delete(id: string, by: string): Promise<void> {
    if (id === by) throw new DomainError('VALIDATION_FAILED', 'You cannot delete yourself.');
    const operator = await this.people.require(id);
    if (operator.deletedAt) throw deleted(operator);
    await this.people.keepAProviderAdmin(operator);
    const now = this.clock.now();
    await this.operators.update(id, { status: 'deactivated', deletedAt: now, updatedAt: now });
    await this.sessions.revokeAll(id);
  }

  /** Back as they were before: signing in with their password, or invited when they never chose one. */
  async restore(id: string): Promise<OperatorView> {
    const operator = await this.people.require(id);
    if (!operator.deletedAt)
      throw new DomainError('OPERATOR_NOT_DELETED', `${operator.email} is not deleted.`);
    const until = restorableUntil(operator.deletedAt);
    if (this.clock.now() > until)
      throw new DomainError(
        'RESTORE_PERIOD_OVER',
        `${operator.email} was deleted on ${day(operator.deletedAt)}; they could be restored until ${day(until)} and are about to be purged.`,
      );
    const restored = {
      ...operator,
      status: operator.passwordHash ? ('active' as const) : ('invited' as const),
      deletedAt: null,
      updatedAt: this.clock.now(),
    };
    await this.operators.update(id, restored);
    return operatorView(restored, await this.operators.tenantIds(id));
  }

  @JobHandler('operators.purge')
  async purge(): Promise<void> {
    for (const operator of await this.operators.deletedBefore(purgeableBefore(this.clock.now()))) {
      await this.operators.purge(operator.id);
      this.logger.info(
        { operatorId: operator.id, deletedAt: operator.deletedAt },
        'deleted operator purged',
      );
    }
  }
}
