import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/config';
import { TenantsRepository } from '../tenants/tenants.repository';
import { tenantSbcDomain } from './sbc-domain';
import { voiceRoutingScript } from './voice-routing-script';

/** Direct Routing in the carrier model: the tenant's SBC domain and what Graph cannot set up. */
@Injectable()
export class DirectRoutingService {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The Teams PowerShell for the tenant's PSTN usage, voice route and voice routing policy. */
  async voiceRoutingScript(tenantId: string): Promise<string> {
    const tenant = await this.tenants.require(tenantId);
    const { sbcBaseDomain, subdomainTemplate } = this.config.directRouting;
    if (!sbcBaseDomain)
      throw new DomainError(
        'DIRECT_ROUTING_NOT_CONFIGURED',
        "The provider has not set its SBC's base domain (SBC_BASE_DOMAIN), so there is no SBC address to route to yet.",
      );
    if (!tenant.voiceRoutingPolicy)
      throw new DomainError(
        'VOICE_ROUTING_POLICY_REQUIRED',
        "Choose the voice routing policy's name first (the tenant's settings): the script creates it.",
      );
    return voiceRoutingScript({
      tenantName: tenant.name,
      sbcFqdn: tenantSbcDomain(tenant, { sbcBaseDomain, subdomainTemplate }),
      policyName: tenant.voiceRoutingPolicy,
      madeOn: this.clock.now(),
    });
  }
}
