import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/config';
import { Clock } from '../common/clock/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { DomainError } from '../common/errors/domain-error';
import { refuseWeakPassword } from '../common/crypto/password-policy';
import { hashPassword } from '../common/crypto/passwords';
import { hashToken } from '../common/crypto/tokens';
import { MailService } from '../mail/mail.service';
import { invitationEmail } from '../mail/templates';
import { address, AttemptThrottle } from './attempt-throttle';
import { InvitationsRepository } from './invitations.repository';
import { InvitationEntity, OperatorEntity } from './operator.entity';
import { OperatorsRepository } from './operators.repository';

/** Invitation links: single use, expiring, only their hash stored; accepting sets the password. */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly invitations: InvitationsRepository,
    private readonly operators: OperatorsRepository,
    private readonly mail: MailService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly attempts: AttemptThrottle,
  ) {}

  /**
   * Creates the invitation and queues its e-mail in the caller's transaction; a link sent to the
   * person before stops working.
   */
  async invite(
    operator: OperatorEntity,
    context: string,
    manager: EntityManager,
  ): Promise<{ expiresAt: Date }> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.security.invitationTtlHours * 3600_000);
    const token = await this.invitations.issue(operator.id, 'invitation', now, expiresAt, manager);
    const link = `${this.config.app.publicUrl}/invitations/accept#token=${token}`;
    await this.mail.queue(
      invitationEmail({
        to: operator.email,
        firstName: operator.firstName,
        context,
        link,
        expiresAt,
      }),
      manager,
    );
    return { expiresAt };
  }

  /** A new link for someone who has not chosen a password yet (theirs expired or was lost). */
  async reissue(operator: OperatorEntity, context: string): Promise<{ expiresAt: Date }> {
    if (operator.status !== 'invited')
      throw new DomainError(
        'OPERATOR_NOT_INVITED',
        operator.status === 'active'
          ? `${operator.email} has chosen a password already; "Forgot password" on the sign-in page sends them a new one.`
          : `${operator.email} is deactivated: reactivate them first.`,
      );
    return this.unitOfWork.run((manager) => this.invite(operator, context, manager));
  }

  /**
   * Sets the password and activates the operator. The link is checked before the password is
   * hashed (hashing is the costly part), and unknown links count against the client's address.
   */
  async accept(token: string, password: string, from: string | undefined): Promise<OperatorEntity> {
    const tried = [address(from)];
    await this.attempts.check(tried);
    const invitation = await this.invitations.findByTokenHash(hashToken(token), 'invitation');
    if (!invitation) {
      await this.attempts.failed(tried);
      throw new DomainError(
        'INVITATION_NOT_FOUND',
        'This invitation link is not valid. Ask for a new invitation.',
      );
    }
    this.refuseSpent(invitation);
    const operator = await this.operators.findById(invitation.operatorId);
    if (!operator || operator.status === 'deactivated')
      throw new DomainError('INVITATION_NOT_FOUND', 'This invitation is no longer valid.');
    refuseWeakPassword(password, [operator.email]);
    const passwordHash = await hashPassword(password);
    return this.unitOfWork.run(async (manager) => {
      const now = this.clock.now();
      // The conditional update makes a link single-use even when two requests race.
      if (!(await this.invitations.markUsed(invitation.id, now, manager)))
        this.refuseSpent(invitation, true);
      await this.operators.update(
        operator.id,
        { passwordHash, status: 'active', updatedAt: now },
        manager,
      );
      return { ...operator, status: 'active' as const };
    });
  }

  /** Refuses a link that was used (or, `used`, was just used by a racing request) or has expired. */
  private refuseSpent(invitation: InvitationEntity, used = invitation.usedAt !== null): void {
    if (used)
      throw new DomainError(
        'INVITATION_ALREADY_USED',
        'This invitation has already been used. Sign in with your password.',
      );
    if (invitation.expiresAt <= this.clock.now())
      throw new DomainError(
        'INVITATION_EXPIRED',
        'This invitation has expired. Ask for a new invitation.',
      );
  }
}
