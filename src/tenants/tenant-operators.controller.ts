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
  ApiTags,
} from '@nestjs/swagger';
import { OperatorView } from '../access/operator.view';
import { IsIn } from 'class-validator';
import { Access } from '../access/access.decorator';
import { Caller, CurrentCaller } from '../access/caller';
import {
  AddedOperator,
  ReinvitedOperator,
  RemovedOperator,
  TENANT_ROLES,
  TenantRole,
} from '../access/tenant-operators.service';
import { PersonDto } from './tenant.dto';
import { TenantPeople } from './tenant-people.service';

class InviteTenantOperatorDto extends PersonDto {
  @ApiProperty({ enum: TENANT_ROLES }) @IsIn(TENANT_ROLES) role!: TenantRole;
}

class ChangeRoleDto {
  @ApiProperty({ enum: TENANT_ROLES }) @IsIn(TENANT_ROLES) role!: TenantRole;
}

@ApiTags('operators')
@ApiBearerAuth()
@Controller('api/v1/tenants/:id/operators')
export class TenantOperatorsController {
  constructor(private readonly operators: TenantPeople) {}

  @Get()
  @Access('tenant:read')
  @ApiOperation({ summary: "The tenant's admins and members." })
  @ApiOkResponse({ type: [OperatorView] })
  list(@Param('id', ParseUUIDPipe) id: string) {
    return this.operators.list(id);
  }

  @Post()
  @HttpCode(201)
  @Access('tenant:manage')
  @ApiOperation({
    summary:
      'Invite an admin or member to this tenant by e-mail; someone who has an account gets access with the role they have.',
  })
  @ApiCreatedResponse({ type: AddedOperator })
  invite(@Param('id', ParseUUIDPipe) id: string, @Body() body: InviteTenantOperatorDto) {
    const { role, ...person } = body;
    return this.operators.add(id, person, role);
  }

  @Patch(':operatorId')
  @Access('tenant:manage')
  @ApiOperation({ summary: 'Make an admin a member or a member an admin.' })
  @ApiOkResponse({ type: OperatorView })
  changeRole(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('operatorId', ParseUUIDPipe) operatorId: string,
    @Body() body: ChangeRoleDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.operators.changeRole(caller, id, operatorId, body.role);
  }

  @Post(':operatorId/invitation')
  @HttpCode(200)
  @Access('tenant:manage')
  @ApiOperation({
    summary:
      'Send a new invitation to someone of this tenant who has not chosen a password yet; the link sent before stops working.',
  })
  @ApiOkResponse({ type: ReinvitedOperator })
  reinvite(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('operatorId', ParseUUIDPipe) operatorId: string,
    @CurrentCaller() caller: Caller,
  ) {
    return this.operators.reinvite(caller, id, operatorId);
  }

  @Delete(':operatorId')
  @Access('tenant:manage')
  @ApiOperation({
    summary:
      "Remove the person's access to this tenant; someone left with no tenant is deactivated and signed out.",
  })
  @ApiOkResponse({ type: RemovedOperator })
  remove(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('operatorId', ParseUUIDPipe) operatorId: string,
    @CurrentCaller() caller: Caller,
  ) {
    return this.operators.remove(caller, id, operatorId);
  }
}
