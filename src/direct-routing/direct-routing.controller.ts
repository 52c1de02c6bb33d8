import { Controller, Get, Header, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { DocumentResponse } from '../common/http/api-fields';
import { DirectRoutingService } from './direct-routing.service';

/** Windows PowerShell 5.1 reads a script without a byte order mark in the system's code page. */
const UTF8_BOM = '\ufeff';

@ApiTags('direct-routing')
@ApiBearerAuth()
@Controller('api/v1/tenants/:id/direct-routing')
export class DirectRoutingController {
  constructor(private readonly directRouting: DirectRoutingService) {}

  @Get('voice-routing.ps1')
  @Access('tenant:manage')
  @Header('content-type', 'text/plain; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="voice-routing.ps1"')
  @ApiOperation({
    summary:
      "The Teams PowerShell that creates the tenant's PSTN usage, a voice route to its SBC address and its voice routing policy, which Microsoft Graph cannot create.",
  })
  @DocumentResponse(
    'text/plain',
    'A PowerShell script (UTF-8 with a byte order mark) that can be run again without changing anything.',
  )
  async voiceRoutingScript(@Param('id', ParseUUIDPipe) id: string): Promise<string> {
    return UTF8_BOM + (await this.directRouting.voiceRoutingScript(id));
  }
}
