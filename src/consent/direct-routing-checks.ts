import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { DirectorySetup } from '../microsoft/directory-setup';
import { SubscribedSku } from '../microsoft/microsoft-directory';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { noSpareLicence, spareTeamsLicences } from '../microsoft/spare-licences';
import { ConnectionCheck } from '../tenants/pbx-checks';
import { tenantSbcDomain } from '../tenants/sbc-domain';
import { TenantEntity } from '../tenants/tenant.entity';
import { SETUP_APP_PERMISSIONS } from './required-permissions';

const TEAMS_SERVICE = 'OfficeCommunicationsOnline';

/**
 * What Direct Routing onboarding needs, checked with "Verify connection" when the provider has an
 * SBC base domain: its permissions, the tenant's SBC subdomain, and a spare licence for setup.
 * None of these fails the connection: syncing works without them.
 */
@Injectable()
export class DirectRoutingChecks {
  constructor(
    private readonly setup: DirectorySetup,
    private readonly config: AppConfig,
  ) {}

  async run(
    tenant: TenantEntity,
    tid: string,
    roles: string[],
    skus: SubscribedSku[] | null,
  ): Promise<ConnectionCheck[]> {
    const { sbcBaseDomain, subdomainTemplate } = this.config.directRouting;
    if (!sbcBaseDomain) return [];
    const check = (name: string, ok: boolean, message: string): ConnectionCheck => ({
      name,
      ok,
      message,
      feature: 'directRouting',
    });
    const checks = SETUP_APP_PERMISSIONS.map((permission) =>
      roles.includes(permission)
        ? check(`permission:${permission}`, true, `${permission} is granted.`)
        : check(
            `permission:${permission}`,
            false,
            `${permission} is not granted: Direct Routing onboarding needs it (syncing does not). Ask a Global Administrator to connect Microsoft 365 again.`,
          ),
    );
    const domain = tenantSbcDomain(tenant, { sbcBaseDomain, subdomainTemplate });
    const domainCheck = await this.domainCheck(tid, domain);
    checks.push(check('directRouting:domain', domainCheck.ok, domainCheck.message));
    if (!domainCheck.activated && skus) checks.push(this.spareLicenceCheck(skus, check));
    return checks;
  }

  private async domainCheck(tid: string, name: string) {
    try {
      const domain = await this.setup.domain(tid, name);
      if (!domain)
        return {
          ok: false,
          activated: false,
          message: `${name} is not in the Microsoft 365 tenant yet: start the Direct Routing setup.`,
        };
      if (!domain.isVerified)
        return {
          ok: false,
          activated: false,
          message: `${name} is in the Microsoft 365 tenant but not verified yet: its TXT record must resolve first (see Direct Routing).`,
        };
      const activated = domain.supportedServices.includes(TEAMS_SERVICE);
      return {
        ok: true,
        activated,
        message: activated
          ? `${name} is verified, and Teams may use it.`
          : `${name} is verified; Teams has not taken it up yet (a licensed user in the domain activates it, within hours).`,
      };
    } catch (error) {
      if (!(error instanceof MicrosoftError)) throw error;
      return {
        ok: false,
        activated: false,
        message:
          error.kind === 'insufficient_permissions'
            ? `${name} cannot be looked up without Domain.ReadWrite.All.`
            : error.message,
      };
    }
  }

  private spareLicenceCheck(
    skus: SubscribedSku[],
    check: (name: string, ok: boolean, message: string) => ConnectionCheck,
  ): ConnectionCheck {
    const spare = spareTeamsLicences(skus);
    return spare.length
      ? check(
          'directRouting:spareLicence',
          true,
          `A licence with Teams is free for the setup's activation user: ${spare.map((s) => `${s.skuPartNumber} (${s.free})`).join(', ')}.`,
        )
      : check('directRouting:spareLicence', false, noSpareLicence(skus));
  }
}
