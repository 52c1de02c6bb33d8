import { Body, Controller, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { EnumField, Field } from '../common/http/api-fields';
import { Access } from './access.decorator';
import { OPERATOR_STATUSES, OperatorStatus, Role, ROLES } from './operator.entity';
import { InvitationsService } from './invitations.service';

class AcceptInvitationDto {
  @ApiProperty({ minLength: 12 }) @IsString() @MaxLength(500) password!: string;
}

class AcceptedInvitationView {
  @Field() id!: string;
  @Field() email!: string;
  @EnumField(ROLES) role!: Role;
  @EnumField(OPERATOR_STATUSES) status!: OperatorStatus;
}

@ApiTags('operators')
@Controller('api/v1/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post(':token/accept')
  @HttpCode(200)
  @Access('public')
  @ApiOperation({
    summary: 'Chooses a password with the link from the invitation e-mail; the link works once.',
  })
  @ApiOkResponse({ type: AcceptedInvitationView })
  async accept(
    @Param('token') token: string,
    @Body() body: AcceptInvitationDto,
    @Ip() from: string,
  ): Promise<AcceptedInvitationView> {
    const operator = await this.invitations.accept(token, body.password, from);
    return { id: operator.id, email: operator.email, role: operator.role, status: operator.status };
  }
}
