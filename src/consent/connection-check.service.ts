import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log';
import { Clock } from '../common/clock/clock';
import { DomainEvents } from '../common/events/domain-events';
import { MCOEV_PLAN_ID } from '../microsoft/directory-records';
import { MicrosoftDirectory, SubscribedSku } from '../microsoft/microsoft-directory';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { AppConfig } from '../config/config';
import { KeyRing } from '../common/crypto/key-ring';
import { pbxAccountOf } from '../tenants/pbx-account';
import { ConnectionCheck, PbxChecks } from '../tenants/pbx-checks';
import { linkedMicrosoftTenant } from '../tenants/microsoft-tenant';
import { consentRevoked } from '../tenants/consent-revocation';
import { TenantsRepository } from '../tenants/tenants.repository';
import { DirectRoutingChecks } from './direct-routing-checks';
import { GrantConfirmation } from './grant-confirmation.service';
import { REQUIRED_APP_PERMISSIONS } from './required-permissions';

/** How long after consent a refused token or missing roles count as propagation. */
const PROPAGATION_WINDOW_MS = 60 * 60_000;

function minutesAgo(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute ago';
  return minutes === 1 ? 'a minute ago' : `${minutes} minutes ago`;
}
const PROPAGATING_KINDS = new Set(['auth_revoked', 'transient']);

/**
 * "Verify connection": token, every permission by name, then the reads the connector relies on;
 * then the PBX: sign-in and one page of users.
 */
@Injectable()
export class ConnectionCheckService {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly confirmation: GrantConfirmation,
    private readonly directory: MicrosoftDirectory,
    private readonly pbxChecks: PbxChecks,
    private readonly keyRing: KeyRing,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly audit: AuditLog,
    private readonly directRouting: DirectRoutingChecks,
  ) {}

  async verify(tenantId: string): Promise<{ status: 'ok' | 'failed'; checks: ConnectionCheck[] }> {
    const tenant = await this.tenants.require(tenantId);
    const tid = linkedMicrosoftTenant(tenant);
    const checks: ConnectionCheck[] = [];
    let revoked = false;
    const run = async (name: string, probe: () => Promise<string>) => {
      try {
        checks.push({ name, ok: true, message: await probe() });
      } catch (error) {
        const e =
          error instanceof MicrosoftError ? error : new MicrosoftError('permanent', String(error));
        revoked ||= e.kind === 'auth_revoked';
        checks.push({ name, ok: false, message: e.message });
      }
    };

    const now = this.clock.now();
    // Right after consent, a refused token or missing roles mean "still propagating".
    const sinceConsent = tenant.consentedAt ? now.getTime() - tenant.consentedAt.getTime() : null;
    const propagating = sinceConsent !== null && sinceConsent < PROPAGATION_WINDOW_MS;
    const grant = await this.confirmation.check(
      tid,
      propagating ? this.config.security.consentPropagationTimeoutMs : 0,
    );
    const stillPropagating = `the consent given ${minutesAgo(sinceConsent ?? 0)} is still propagating; verify again in a few minutes`;
    const tokenError = grant.ok ? null : grant.error;
    if (tokenError) {
      const waiting = propagating && PROPAGATING_KINDS.has(tokenError.kind);
      revoked = !waiting && tokenError.kind === 'auth_revoked';
      checks.push({
        name: 'token',
        ok: false,
        message: waiting
          ? `${tokenError.message} Right after consent this means ${stillPropagating}; if it persists, the consent was withdrawn.`
          : tokenError.message,
      });
    } else {
      checks.push({
        name: 'token',
        ok: true,
        message: `The connector gets an app-only token for Microsoft 365 tenant ${tid}.`,
      });
      for (const permission of REQUIRED_APP_PERMISSIONS) {
        const ok = grant.roles.includes(permission);
        checks.push({
          name: `permission:${permission}`,
          ok,
          message: ok
            ? `${permission} is granted.`
            : propagating
              ? `${permission} is not in Microsoft's tokens yet: ${stillPropagating}.`
              : `${permission} is not granted: add it to the consent and ask the Global Administrator to consent again.`,
        });
      }
      await run(
        'organization',
        async () =>
          `Organization "${(await this.directory.organization(tid)).displayName}" is readable.`,
      );
      await run(
        'users',
        async () =>
          `Users are readable${(await this.directory.sampleUser(tid)) ? '' : ' (the directory has none yet)'}.`,
      );
      let skus: SubscribedSku[] | null = null;
      await run('subscribedSkus', async () => {
        skus = await this.directory.subscribedSkus(tid);
        const phone = skus.filter((s) =>
          s.servicePlans.some((p) => p.servicePlanId === MCOEV_PLAN_ID),
        );
        return `${skus.length} subscribed SKUs, ${phone.length} with Teams Phone (MCOEV).`;
      });
      checks.push(...(await this.directRouting.run(tenant, tid, grant.roles, skus)));
    }
    if (tokenError) {
      for (const name of ['organization', 'users', 'subscribedSkus'])
        checks.push({ name, ok: false, message: 'Not checked: no token.' });
    }

    checks.push(...(await this.pbxChecks.run(pbxAccountOf(tenant, this.keyRing))).checks);

    // What only Direct Routing onboarding needs does not fail the connection: syncing works without it.
    const ok = checks.every((c) => c.ok || c.feature);
    if (revoked) {
      await this.tenants.update(tenantId, consentRevoked(now));
      await this.events.emit('tenant.consentRevoked', { tenantId });
    } else if (ok) {
      await this.tenants.update(tenantId, {
        consentState: 'granted',
        consentMessage:
          'Connection verified: every permission is granted, and Microsoft 365 and the PBX answer.',
        consentUpdatedAt: now,
        connectionVerifiedAt: now,
      });
    }
    const failed = checks.filter((c) => !c.ok && !c.feature).map((c) => c.name);
    await this.audit.record(
      tenantId,
      ok ? 'connection.verified' : 'connection.verifyFailed',
      ok
        ? 'Connection verified: every check passed.'
        : `Connection checked; failed: ${failed.join(', ')}.${revoked ? ' The consent is revoked.' : ''}`,
    );
    return { status: ok ? 'ok' : 'failed', checks };
  }
}
