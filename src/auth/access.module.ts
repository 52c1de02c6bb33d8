import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BootstrapAdmin } from '../operators/bootstrap-admin';
import { InvitationsController } from '../operators/invitations.controller';
import { InvitationsService } from '../operators/invitations.service';
import { OperatorsController } from '../operators/operators.controller';
import { OperatorsRepository } from '../operators/operators.repository';
import { OperatorsService } from '../operators/operators.service';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { SessionsService } from './sessions.service';

/** Who is calling and what they may do: sign-in, sessions, operators, invitations, the guard. */
@Module({
  providers: [
    OperatorsRepository,
    SessionsService,
    InvitationsService,
    OperatorsService,
    BootstrapAdmin,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  controllers: [AuthController, OperatorsController, InvitationsController],
  exports: [OperatorsService, OperatorsRepository],
})
export class AccessModule {}
