import { Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { DocumentResponse } from '../common/http/api-fields';
import { DirectRoutingService } from './direct-routing.service';
import { DirectRoutingView } from './onboarding.view';

/** Windows PowerShell 5.1 reads a script without a byte order mark in the system's code page. */
const UTF8_BOM = '\ufeff';

@ApiTags('direct-routing')
@ApiBearerAuth()
@Controller('api/v1/tenants/:id/direct-routing')
export class DirectRoutingController {
  constructor(private readonly directRouting: DirectRoutingService) {}

  @Get()
  @Access('tenant:read')
  @ApiOperation({
    summary:
      "The tenant's Direct Routing onboarding: its SBC subdomain, each step's state, the DNS record to publish, the activation user.",
  })
  @ApiOkResponse({ type: DirectRoutingView })
  view(@Param('id', ParseUUIDPipe) id: string): Promise<DirectRoutingView> {
    return this.directRouting.view(id);
  }

  @Post('onboarding')
  @HttpCode(202)
  @Access('tenant:manage')
  @ApiOperation({
    summary:
      'Starts onboarding, starts it again after it stopped, or has it look again now (DNS, the activation period, the voice routing policy).',
  })
  @ApiAcceptedResponse({ type: DirectRoutingView })
  start(@Param('id', ParseUUIDPipe) id: string): Promise<DirectRoutingView> {
    return this.directRouting.start(id);
  }

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
