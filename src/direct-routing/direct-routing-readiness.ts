import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/config';
import { tenantSbcDomain } from '../tenants/sbc-domain';
import { TenantEntity } from '../tenants/tenant.entity';
import { OnboardingsRepository } from './onboardings.repository';

/**
 * With an SBC base domain set, numbers are routed to the tenant's SBC subdomain: until Microsoft
 * has verified it, a number put in Teams could not be called. The preview says so, and a sync
 * waits for it.
 */
@Injectable()
export class DirectRoutingReadiness {
  constructor(
    private readonly onboardings: OnboardingsRepository,
    private readonly config: AppConfig,
  ) {}

  /** Why numbers cannot be routed yet, or null when they can (or the carrier model is off). */
  async blocker(tenant: TenantEntity): Promise<DomainError | null> {
    const { sbcBaseDomain, subdomainTemplate } = this.config.directRouting;
    if (!sbcBaseDomain) return null;
    const onboarding = await this.onboardings.find(tenant.id);
    if (onboarding?.verifiedAt) return null;
    const domain =
      onboarding?.domain ?? tenantSbcDomain(tenant, { sbcBaseDomain, subdomainTemplate });
    return new DomainError(
      'DIRECT_ROUTING_NOT_READY',
      `The SBC's subdomain ${domain} is not verified in Microsoft 365 yet, so calls to numbers routed to it could not connect. Finish the Direct Routing setup (the Direct Routing tab) first.`,
    );
  }
}
