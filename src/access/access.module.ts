import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MailModule } from '../mail/mail.module';
import { BootstrapAdmin } from './bootstrap-admin';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { OperatorsController } from './operators.controller';
import { OperatorsRepository } from './operators.repository';
import { OperatorsService } from './operators.service';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { SessionsService } from './sessions.service';
import { SessionsRepository } from './sessions.repository';
import { InvitationsRepository } from './invitations.repository';
import { ResourceOwners } from './resource-owners';

/** Who is calling and what they may do: sign-in, sessions, operators, invitations, the guard. */
@Module({
  imports: [MailModule],
  providers: [
    OperatorsRepository,
    SessionsRepository,
    InvitationsRepository,
    ResourceOwners,
    SessionsService,
    InvitationsService,
    OperatorsService,
    BootstrapAdmin,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  controllers: [AuthController, OperatorsController, InvitationsController],
  exports: [OperatorsService, ResourceOwners],
})
export class AccessModule {}
