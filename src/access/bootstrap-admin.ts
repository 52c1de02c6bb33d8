import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/config';
import { Clock } from '../common/clock/clock';
import { AppLogger } from '../common/logging/app-logger';
import { passwordProblem } from '../common/crypto/password-policy';
import { hashPassword } from '../common/crypto/passwords';
import { ConfigError } from '../config/env-reader';
import { normaliseEmail, OperatorsRepository } from './operators.repository';

/** The first provider admin comes from BOOTSTRAP_ADMIN_EMAIL/PASSWORD while there is no operator yet. */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(
    private readonly operators: OperatorsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { bootstrapAdminEmail: email, bootstrapAdminPassword: password } = this.config.security;
    if (!email || !password || (await this.operators.countAll()) > 0) return;
    const problem = passwordProblem(password, [email]);
    if (problem) throw new ConfigError([`BOOTSTRAP_ADMIN_PASSWORD: ${problem}`]);
    const now = this.clock.now();
    await this.operators
      .insert({
        id: randomUUID(),
        email: normaliseEmail(email),
        firstName: 'Provider',
        lastName: 'Admin',
        role: 'provider_admin',
        status: 'active',
        passwordHash: await hashPassword(password),
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      })
      // Another process may have created it in the meantime.
      .catch(async (error) => {
        if (!(await this.operators.findByEmail(email))) throw error;
      });
    this.logger.info({ email: normaliseEmail(email) }, 'created the first provider admin');
  }
}
