import { QueueModule } from '../common/queue/queue.module';
import { AttemptThrottle } from './attempt-throttle';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CryptoModule } from '../common/crypto/crypto.module';
import { MailModule } from '../mail/mail.module';
import { BootstrapAdmin } from './bootstrap-admin';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { OperatorsController } from './operators.controller';
import { OperatorsRepository } from './operators.repository';
import { OperatorsService } from './operators.service';
import { OperatorDeletion } from './operator-deletion';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { SessionsService } from './sessions.service';
import { SessionsRepository } from './sessions.repository';
import { InvitationsRepository } from './invitations.repository';
import { ResourceOwners } from './resource-owners';
import { TenantOperatorsService } from './tenant-operators.service';
import { PasswordResetsService } from './password-resets.service';
import { PasswordResetsController } from './password-resets.controller';

/** Who is calling and what they may do: sign-in, sessions, operators, invitations, the guard. */
@Module({
  imports: [MailModule, CryptoModule, QueueModule],
  providers: [
    OperatorsRepository,
    SessionsRepository,
    InvitationsRepository,
    ResourceOwners,
    AttemptThrottle,
    SessionsService,
    InvitationsService,
    OperatorsService,
    TenantOperatorsService,
    PasswordResetsService,
    OperatorDeletion,
    BootstrapAdmin,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  controllers: [
    AuthController,
    OperatorsController,
    InvitationsController,
    PasswordResetsController,
  ],
  exports: [OperatorsService, TenantOperatorsService, ResourceOwners],
})
export class AccessModule {}
