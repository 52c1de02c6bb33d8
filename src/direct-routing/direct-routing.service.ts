import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { JobQueue } from '../common/queue/job-queue';
import { AppConfig } from '../config/config';
import { linkedMicrosoftTenant } from '../tenants/microsoft-tenant';
import { TenantEntity } from '../tenants/tenant.entity';
import { TenantsRepository } from '../tenants/tenants.repository';
import { OnboardingEntity } from './onboarding.entity';
import { onboardJobId } from './onboarding-runner';
import { DirectRoutingView, directRoutingView } from './onboarding.view';
import { OnboardingsRepository } from './onboardings.repository';
import { tenantSbcDomain } from '../tenants/sbc-domain';
import { voiceRoutingScript } from './voice-routing-script';

/** Direct Routing in the carrier model: the tenant's SBC domain, its onboarding, its voice routing. */
@Injectable()
export class DirectRoutingService {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly onboardings: OnboardingsRepository,
    private readonly queue: JobQueue,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async view(tenantId: string): Promise<DirectRoutingView> {
    const tenant = await this.tenants.require(tenantId);
    return directRoutingView(
      this.sbcDomain(tenant),
      this.config.directRouting.dns,
      tenant.voiceRoutingPolicy,
      await this.onboardings.find(tenantId),
    );
  }

  /**
   * Starts onboarding, starts it again after it stopped, or has it look again now (DNS, the
   * activation period, the voice routing policy).
   */
  async start(tenantId: string): Promise<DirectRoutingView> {
    const tenant = await this.tenants.require(tenantId);
    const domain = this.sbcDomain(tenant);
    linkedMicrosoftTenant(tenant);
    const now = this.clock.now();
    const row = await this.onboardings.find(tenantId);
    if (!row) {
      await this.onboardings.insert(this.fresh(tenantId, domain, now));
      await this.audit.record(
        tenantId,
        'directRouting.started',
        `Direct Routing setup started for ${domain}.`,
      );
    } else if (row.status === 'blocked' || row.status === 'failed') {
      await this.onboardings.update(tenantId, {
        step: 'licence',
        status: 'running',
        problemCode: null,
        problem: null,
        stoppedStep: null,
        nextCheckAt: null,
        updatedAt: now,
      });
      await this.audit.record(
        tenantId,
        'directRouting.started',
        `Direct Routing setup started again for ${row.domain} after ${row.problemCode}.`,
      );
    } else {
      // A finished onboarding looks at the voice routing policy again; one under way, at once.
      await this.onboardings.update(tenantId, {
        ...(row.status === 'succeeded' ? { step: 'voiceRouting' as const } : {}),
        status: 'running',
        nextCheckAt: null,
        updatedAt: now,
      });
    }
    await this.queue.enqueue(
      'directRouting.onboard',
      { tenantId },
      { jobId: onboardJobId(tenantId) },
    );
    return this.view(tenantId);
  }

  /** The Teams PowerShell for the tenant's PSTN usage, voice route and voice routing policy. */
  async voiceRoutingScript(tenantId: string): Promise<string> {
    const tenant = await this.tenants.require(tenantId);
    const sbcFqdn = (await this.onboardings.find(tenantId))?.domain ?? this.sbcDomain(tenant);
    if (!tenant.voiceRoutingPolicy)
      throw new DomainError(
        'VOICE_ROUTING_POLICY_REQUIRED',
        "Choose the voice routing policy's name first (the tenant's settings): the script creates it.",
      );
    return voiceRoutingScript({
      tenantName: tenant.name,
      sbcFqdn,
      policyName: tenant.voiceRoutingPolicy,
      madeOn: this.clock.now(),
    });
  }

  /** The tenant's subdomain as the provider's settings make it today. */
  private sbcDomain(tenant: TenantEntity): string {
    const { sbcBaseDomain, subdomainTemplate } = this.config.directRouting;
    if (!sbcBaseDomain)
      throw new DomainError(
        'DIRECT_ROUTING_NOT_CONFIGURED',
        "The provider has not set its SBC's base domain (SBC_BASE_DOMAIN), so there is no SBC address to route to yet.",
      );
    return tenantSbcDomain(tenant, { sbcBaseDomain, subdomainTemplate });
  }

  private fresh(tenantId: string, domain: string, now: Date): OnboardingEntity {
    return {
      tenantId,
      domain,
      dnsMode: this.config.directRouting.dns,
      step: 'licence',
      status: 'running',
      verificationText: null,
      verifyDeadline: null,
      verifiedAt: null,
      spareSkus: null,
      activationSkuId: null,
      activationUpn: null,
      activationUserId: null,
      activationUntil: null,
      activationRemovedAt: null,
      policyFoundAt: null,
      nextCheckAt: null,
      stoppedStep: null,
      problemCode: null,
      problem: null,
      startedAt: now,
      updatedAt: now,
    };
  }
}
