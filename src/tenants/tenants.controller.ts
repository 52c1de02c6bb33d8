import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Field, NullableField, ObjectField } from '../common/http/api-fields';
import { TenantView, tenantView } from './tenant.view';
import { TenantDeletion } from './tenant-deletion';
import { Access } from '../access/access.decorator';
import { Caller, CurrentCaller } from '../access/caller';
import {
  CreateTenantDto,
  TenantsQuery,
  UpdateTenantDto,
  UpdateTenantSettingsDto,
} from './tenant.dto';
import { TenantsService } from './tenants.service';

class AdminInvitationView {
  @Field() operatorId!: string;
  @Field() email!: string;
  @NullableField(Date, 'null: the admin has an account already and needs no invitation.')
  expiresAt!: Date | null;
}

class TenantCreatedView {
  @ObjectField(() => TenantView) tenant!: TenantView;
  @ObjectField(() => AdminInvitationView) invitation!: AdminInvitationView;
}

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('api/v1/tenants')
export class TenantsController {
  constructor(
    private readonly tenants: TenantsService,
    private readonly deletion: TenantDeletion,
  ) {}

  @Post()
  @HttpCode(201)
  @Access('provider_admin')
  @ApiOperation({ summary: 'Create a tenant and invite its admin by e-mail.' })
  @ApiCreatedResponse({ type: TenantCreatedView })
  create(@Body() body: CreateTenantDto) {
    return this.tenants.create(body);
  }

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'The tenants the caller may see.' })
  @ApiOkResponse({ type: [TenantView] })
  list(@CurrentCaller() caller: Caller, @Query() query: TenantsQuery) {
    return this.tenants.list(caller, query);
  }

  @Get(':id')
  @Access('tenant:read')
  @ApiOperation({
    summary: 'One tenant: its settings, PBX connection (never the secret) and consent.',
  })
  @ApiOkResponse({ type: TenantView })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.tenants.get(id);
  }

  @Patch(':id')
  @Access('provider_admin')
  @ApiOperation({
    summary: "Change the tenant's name, connector seats or PBX connection.",
    description:
      'A new PBX connection (any of its fields) is tried first: the PBX must sign the connector in and let it read one page of users. Otherwise nothing is saved, and the error (PBX_CREDENTIALS_INVALID, PBX_REJECTED or PBX_UNAVAILABLE) lists each check in `details.checks`.',
  })
  @ApiOkResponse({ type: TenantView })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTenantDto) {
    return this.tenants.update(id, body);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Access('provider_admin')
  @ApiOperation({
    summary:
      'Restore a deleted tenant within 30 days, with its settings, mappings and, while nobody else took it, its Microsoft 365 link.',
  })
  @ApiOkResponse({ type: TenantView })
  async restore(@Param('id', ParseUUIDPipe) id: string) {
    return tenantView(await this.deletion.restore(id));
  }

  @Patch(':id/settings')
  @Access('tenant:manage')
  @ApiOperation({ summary: 'Change how and when the tenant syncs; unknown fields are refused.' })
  @ApiOkResponse({ type: TenantView })
  updateSettings(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTenantSettingsDto) {
    return this.tenants.updateSettings(id, body);
  }
}
