import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { Access } from './access.decorator';
import { Caller, CurrentCaller } from './caller';
import { Role, ROLES } from './operator.entity';
import { OperatorsService } from './operators.service';
import { OperatorDeletion } from './operator-deletion';
import { OperatorView } from './operator.view';
import { ReinvitedOperator } from './tenant-operators.service';
import { Field, ObjectField } from '../common/http/api-fields';
import { Omittable } from '../common/http/omittable';
import { IsPlainEmail } from '../common/http/plain-email';

class InviteOperatorDto {
  @ApiProperty() @IsPlainEmail() @MaxLength(320) email!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) firstName!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) lastName!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  tenantIds!: string[];
}

class UpdateOperatorDto {
  @ApiPropertyOptional({ enum: ROLES }) @Omittable() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ type: [String] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  tenantIds?: string[];
}

class SentInvitationView {
  @Field("When the invitation e-mail's link expires.") expiresAt!: Date;
}

class InvitedOperatorView {
  @ObjectField(() => OperatorView) operator!: OperatorView;
  @ObjectField(() => SentInvitationView) invitation!: SentInvitationView;
}

@ApiTags('operators')
@ApiBearerAuth()
@Controller('api/v1/operators')
export class OperatorsController {
  constructor(
    private readonly operators: OperatorsService,
    private readonly deletion: OperatorDeletion,
  ) {}

  @Post()
  @HttpCode(201)
  @Access('provider_admin')
  @ApiOperation({ summary: 'Invite an operator by e-mail, with their role and tenants.' })
  @ApiCreatedResponse({ type: InvitedOperatorView })
  invite(@Body() body: InviteOperatorDto): Promise<InvitedOperatorView> {
    return this.operators.invite(body);
  }

  @Get()
  @Access('provider_admin')
  @ApiOperation({ summary: 'Everyone who can sign in, with their role, tenants and status.' })
  @ApiOkResponse({ type: [OperatorView] })
  list() {
    return this.operators.list();
  }

  @Patch(':operatorId')
  @Access('provider_admin')
  @ApiOperation({ summary: "Changes someone's role or tenants." })
  @ApiOkResponse({ type: OperatorView })
  update(@Param('operatorId', ParseUUIDPipe) id: string, @Body() body: UpdateOperatorDto) {
    return this.operators.update(id, body);
  }

  @Post(':operatorId/invitation')
  @HttpCode(200)
  @Access('provider_admin')
  @ApiOperation({
    summary:
      'Send a new invitation to someone who has not chosen a password yet; the link sent before stops working.',
  })
  @ApiOkResponse({ type: ReinvitedOperator })
  reinvite(@Param('operatorId', ParseUUIDPipe) id: string) {
    return this.operators.reinvite(id);
  }

  @Post(':operatorId/reactivate')
  @HttpCode(200)
  @Access('provider_admin')
  @ApiOperation({
    summary:
      'Let a deactivated person sign in again; someone who never chose a password is invited again by the provider.',
  })
  @ApiOkResponse({ type: OperatorView })
  reactivate(@Param('operatorId', ParseUUIDPipe) id: string) {
    return this.operators.reactivate(id);
  }

  @Post(':operatorId/deactivate')
  @HttpCode(204)
  @Access('provider_admin')
  @ApiOperation({
    summary: 'Stop someone signing in (their sessions end at once) until they are reactivated.',
  })
  async deactivate(
    @Param('operatorId', ParseUUIDPipe) id: string,
    @CurrentCaller() caller: Caller,
  ) {
    await this.operators.deactivate(id, caller.operatorId);
  }

  @Delete(':operatorId')
  @HttpCode(204)
  @Access('provider_admin')
  @ApiOperation({
    summary:
      'Delete someone: they cannot sign in, and can be restored for 30 days, after which they are purged.',
  })
  async delete(@Param('operatorId', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    await this.deletion.delete(id, caller.operatorId);
  }

  @Post(':operatorId/restore')
  @HttpCode(200)
  @Access('provider_admin')
  @ApiOperation({
    summary:
      'Bring a deleted person back within 30 days, with their role and tenants, as they were.',
  })
  @ApiOkResponse({ type: OperatorView })
  restore(@Param('operatorId', ParseUUIDPipe) id: string) {
    return this.deletion.restore(id);
  }
}
