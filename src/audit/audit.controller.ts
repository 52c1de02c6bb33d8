import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { AuditQuery } from './audit.dto';
import { AuditRepository } from './audit.repository';
import { auditEntryView, AuditPageView } from './audit.view';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/tenants/:id/audit')
export class AuditController {
  constructor(private readonly entries: AuditRepository) {}

  @Get()
  @Access('tenant:manage')
  @ApiOperation({
    summary:
      "Everything that changed the tenant, its consent, settings, mappings, runs and admins: who, when, from which address, what. Newest first; for the tenant's admins and provider admins.",
  })
  @ApiOkResponse({ type: AuditPageView })
  async list(@Param('id', ParseUUIDPipe) id: string, @Query() query: AuditQuery) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const [entries, total] = await this.entries.page(id, query, page, pageSize);
    return { page, pageSize, total, items: entries.map(auditEntryView) };
  }
}
