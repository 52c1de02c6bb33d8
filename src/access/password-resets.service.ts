import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { refuseWeakPassword } from '../common/crypto/password-policy';
import { hashPassword } from '../common/crypto/passwords';
import { hashToken } from '../common/crypto/tokens';
import { UnitOfWork } from '../database/unit-of-work';
import { MailService } from '../mail/mail.service';
import { passwordResetEmail } from '../mail/templates';
import { address, AttemptThrottle, resetsOf } from './attempt-throttle';
import { InvitationsRepository } from './invitations.repository';
import { OperatorsRepository } from './operators.repository';
import { SessionsService } from './sessions.service';

/** How long a reset link works: long enough to read the e-mail, short enough to be of little use. */
export const RESET_LINK_MINUTES = 30;

/**
 * "Forgot password": a single-use, short-lived link by e-mail. Asking says the same whether the
 * address is known or not, and is throttled per account and per client address; using the link
 * checks it before hashing the password, and ends every session of the account.
 */
@Injectable()
export class PasswordResetsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly links: InvitationsRepository,
    private readonly operators: OperatorsRepository,
    private readonly sessions: SessionsService,
    private readonly mail: MailService,
    private readonly attempts: AttemptThrottle,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async request(email: string, from: string | undefined): Promise<void> {
    const keys = [resetsOf(email), address(from)];
    await this.attempts.check(keys);
    await this.attempts.failed(keys);
    const operator = await this.operators.findByEmail(email);
    // Only someone who can sign in gets a link; an invited person is sent a new invitation by an admin.
    if (!operator || operator.status !== 'active') return;
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + RESET_LINK_MINUTES * 60_000);
    await this.unitOfWork.run(async (manager) => {
      const token = await this.links.issue(operator.id, 'reset', now, expiresAt, manager);
      await this.mail.queue(
        passwordResetEmail({
          to: operator.email,
          firstName: operator.firstName,
          link: `${this.config.app.publicUrl}/password-reset#token=${token}`,
          expiresAt,
        }),
        manager,
      );
    });
  }

  async reset(token: string, password: string, from: string | undefined): Promise<string> {
    const tried = [address(from)];
    await this.attempts.check(tried);
    const link = await this.links.findByTokenHash(hashToken(token), 'reset');
    const operator = link ? await this.operators.findById(link.operatorId) : null;
    if (!link || !operator || operator.status !== 'active') {
      await this.attempts.failed(tried);
      throw new DomainError(
        'RESET_LINK_INVALID',
        'This link is not valid: ask for a new one with "Forgot your password?".',
      );
    }
    if (link.usedAt || link.expiresAt <= this.clock.now())
      throw new DomainError(
        'RESET_LINK_INVALID',
        `This link ${link.usedAt ? 'has been used' : 'has expired'}: ask for a new one with "Forgot your password?".`,
      );
    refuseWeakPassword(password, [operator.email]);
    const passwordHash = await hashPassword(password);
    await this.unitOfWork.run(async (manager) => {
      const now = this.clock.now();
      if (!(await this.links.markUsed(link.id, now, manager)))
        throw new DomainError(
          'RESET_LINK_INVALID',
          'This link has been used: ask for a new one with "Forgot your password?".',
        );
      await this.operators.update(operator.id, { passwordHash, updatedAt: now }, manager);
    });
    // Whoever knew the old password is signed out everywhere.
    await this.sessions.revokeAll(operator.id);
    await this.attempts.succeeded([resetsOf(operator.email)]);
    return operator.email;
  }
}
