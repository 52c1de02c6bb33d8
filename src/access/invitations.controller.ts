import { Body, Controller, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { Access } from './access.decorator';
import { InvitationsService } from './invitations.service';

class AcceptInvitationDto {
  @ApiProperty({ minLength: 12 }) @IsString() @MaxLength(500) password!: string;
}

@ApiTags('operators')
@Controller('api/v1/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post(':token/accept')
  @HttpCode(200)
  @Access('public')
  async accept(
    @Param('token') token: string,
    @Body() body: AcceptInvitationDto,
    @Ip() from: string,
  ) {
    const operator = await this.invitations.accept(token, body.password, from);
    return { id: operator.id, email: operator.email, role: operator.role, status: operator.status };
  }
}
