import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/config';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { hashToken, newToken } from '../common/crypto/tokens';
import { UNKNOWN_ACCOUNT_HASH, verifyPassword } from '../common/crypto/passwords';
import { KeyRing } from '../common/crypto/key-ring';
import { account, address, AttemptThrottle } from './attempt-throttle';
import { csrfTokenFor, csrfTokenMatches } from './browser-session';
import { fullName } from './operator.view';
import { OperatorsRepository } from './operators.repository';
import { Caller } from './caller';
import { SessionsRepository } from './sessions.repository';

/**
 * Sign-in with e-mail and password; session tokens (a bearer token for API clients, a cookie for the
 * browser) that expire and can be revoked.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly operators: OperatorsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly keys: KeyRing,
    private readonly attempts: AttemptThrottle,
  ) {}

  /** `from` is the client's address: failures are counted per account and per address. */
  async login(
    email: string,
    password: string,
    from: string | undefined,
  ): Promise<{ accessToken: string; expiresAt: Date; caller: Caller }> {
    const tried = [account(email), address(from)];
    await this.attempts.check(tried);
    const operator = await this.operators.findByEmail(email);
    // Hash even for an unknown address, so timing does not tell which addresses exist.
    const valid = await verifyPassword(password, operator?.passwordHash ?? UNKNOWN_ACCOUNT_HASH);
    if (!operator || !valid || operator.status !== 'active') {
      await this.attempts.failed(tried);
      throw new DomainError('INVALID_CREDENTIALS', 'The e-mail address or the password is wrong.');
    }
    await this.attempts.succeeded([account(email)]);
    const accessToken = newToken();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.security.sessionTtlMinutes * 60_000);
    const session = {
      id: randomUUID(),
      operatorId: operator.id,
      tokenHash: hashToken(accessToken),
      createdAt: now,
      expiresAt,
      revokedAt: null,
    };
    await this.sessions.insert(session);
    const caller = await this.callerFor(session, operator.id);
    if (!caller)
      throw new DomainError('INVALID_CREDENTIALS', 'The e-mail address or the password is wrong.');
    return { accessToken, expiresAt, caller };
  }

  /** The caller behind a bearer token, or null when it is unknown, expired or revoked. */
  async authenticate(token: string): Promise<Caller | null> {
    const session = await this.sessions.findLive(hashToken(token));
    if (!session || session.expiresAt <= this.clock.now()) return null;
    return this.callerFor(session, session.operatorId);
  }

  /** The token a browser session repeats in a header on every state-changing request. */
  csrfToken(caller: Caller): string {
    return csrfTokenFor(caller.sessionId, this.keys.macKey('csrf'));
  }

  csrfTokenMatches(caller: Caller, given: unknown): boolean {
    return csrfTokenMatches(caller.sessionId, this.keys.macKey('csrf'), given);
  }

  async logout(caller: Caller): Promise<void> {
    await this.sessions.revoke(caller.sessionId, this.clock.now());
  }

  async revokeAll(operatorId: string): Promise<void> {
    await this.sessions.revokeAllOf(operatorId, this.clock.now());
  }

  private async callerFor(
    session: { id: string; expiresAt: Date },
    operatorId: string,
  ): Promise<Caller | null> {
    const operator = await this.operators.findById(operatorId);
    if (!operator || operator.status !== 'active') return null;
    return {
      operatorId,
      sessionId: session.id,
      expiresAt: session.expiresAt,
      email: operator.email,
      name: fullName(operator),
      role: operator.role,
      tenantIds: new Set(await this.operators.tenantIds(operatorId)),
    };
  }
}
