import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { VoiceRoutingPolicies, VoiceRoutingPoliciesView } from './voice-routing-policies';

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('api/v1/tenants/:id/voice-routing-policies')
export class VoiceRoutingPoliciesController {
  constructor(private readonly policies: VoiceRoutingPolicies) {}

  @Get()
  @Access('tenant:read')
  @ApiOperation({
    summary: 'The voice routing policies Teams users hold, as last read, to choose one from.',
    description:
      'Microsoft Graph cannot list voice routing policies, so a policy nobody holds yet is not here: name it in the settings, and the preview checks that Teams has it.',
  })
  @ApiOkResponse({ type: VoiceRoutingPoliciesView })
  list(@Param('id', ParseUUIDPipe) id: string) {
    return this.policies.inUse(id);
  }
}
