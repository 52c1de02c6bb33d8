import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/config';
import { Clock } from '../common/clock/clock';
import { DomainEvents } from '../common/events/domain-events';
import { KeyRing } from '../common/crypto/key-ring';
import { isGuid } from '../common/text/guid';
import { DomainError } from '../common/errors/domain-error';
import { AppLogger } from '../common/logging/app-logger';
import { Caller } from '../access/caller';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { TokenProvider } from '../microsoft/token-provider';
import { TenantsRepository } from '../tenants/tenants.repository';
import { ConsentRequestEntity } from './consent-request.entity';
import { ConsentRequestsRepository } from './consent-requests.repository';
import { describeConsentRefusal } from './consent-errors';
import { signConsentState, verifyConsentState } from './consent-state';

export interface ConsentOutcome {
  ok: boolean;
  tenantId: string;
  title: string;
  message: string;
}

/** Microsoft 365 admin consent: the link for the Global Administrator, and what comes back. */
@Injectable()
export class ConsentService {
  constructor(
    private readonly requests: ConsentRequestsRepository,
    private readonly tenants: TenantsRepository,
    private readonly tokens: TokenProvider,
    private readonly keyRing: KeyRing,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
    private readonly events: DomainEvents,
  ) {}

  get redirectUri(): string {
    return `${this.config.app.publicUrl}/api/v1/consent/callback`;
  }

  async start(tenantId: string, caller: Caller): Promise<{ consentUrl: string; expiresAt: Date }> {
    if (!this.config.microsoft.clientId)
      throw new DomainError(
        'MICROSOFT_NOT_CONFIGURED',
        'No Microsoft app registration is configured (MICROSOFT_CLIENT_ID).',
      );
    const tenant = await this.tenants.require(tenantId);
    const now = this.clock.now();
    const expiresAt = new Date(
      now.getTime() + this.config.security.consentStateTtlMinutes * 60_000,
    );
    const request = {
      id: randomUUID(),
      tenantId,
      operatorId: caller.operatorId,
      createdAt: now,
      expiresAt,
      usedAt: null,
    };
    await this.requests.insert(request);
    const state = signConsentState(
      {
        requestId: request.id,
        tenantId,
        operatorId: caller.operatorId,
        expiresAt: expiresAt.getTime(),
      },
      this.keyRing.macKey('consent-state'),
    );
    const url = new URL(
      `${this.config.microsoft.authorityHost}/${tenant.microsoftTenantId ?? 'organizations'}/v2.0/adminconsent`,
    );
    url.searchParams.set('client_id', this.config.microsoft.clientId);
    url.searchParams.set('redirect_uri', this.redirectUri);
    url.searchParams.set('scope', 'https://graph.microsoft.com/.default');
    url.searchParams.set('state', state);
    if (tenant.consentState !== 'granted') {
      await this.tenants.update(tenantId, {
        consentState: 'pending',
        consentMessage: 'Waiting for a Global Administrator to grant consent.',
        consentUpdatedAt: now,
      });
    }
    return { consentUrl: url.toString(), expiresAt };
  }

  /** Checks the state, then records refusal or confirms the grant with a real token. */
  async callback(query: Record<string, string | undefined>): Promise<ConsentOutcome> {
    const request = await this.redeemState(query.state);
    const tenant = await this.tenants.require(request.tenantId);
    const now = this.clock.now();
    if (query.error) {
      const message = describeConsentRefusal(query.error, query.error_description);
      // A refused re-consent leaves a working connection as it was.
      const consentState = tenant.consentState === 'pending' ? 'none' : tenant.consentState;
      await this.tenants.update(tenant.id, {
        consentState,
        consentMessage: message,
        consentUpdatedAt: now,
      });
      this.logger.warn({ tenantId: tenant.id, error: query.error }, 'admin consent refused');
      return { ok: false, tenantId: tenant.id, title: 'Consent was not granted', message };
    }
    // The tenant parameter is only a hint (anyone can forge the redirect): a token proves it.
    const microsoftTenantId = (query.tenant ?? '').toLowerCase();
    if (query.admin_consent?.toLowerCase() !== 'true' || !isGuid(microsoftTenantId)) {
      throw new DomainError(
        'CONSENT_CALLBACK_INVALID',
        'The redirect from Microsoft did not say which tenant consented.',
      );
    }
    if (tenant.microsoftTenantId && tenant.microsoftTenantId !== microsoftTenantId) {
      throw new DomainError(
        'MICROSOFT_TENANT_MISMATCH',
        `This tenant is connected to Microsoft 365 tenant ${tenant.microsoftTenantId}, not ${microsoftTenantId}.`,
      );
    }
    const linked = await this.tenants.findByMicrosoftTenant(microsoftTenantId);
    if (linked && linked.id !== tenant.id) {
      throw new DomainError(
        'MICROSOFT_TENANT_ALREADY_LINKED',
        `Microsoft 365 tenant ${microsoftTenantId} is already connected to another tenant.`,
      );
    }
    const failure = await this.confirmWithToken(microsoftTenantId);
    if (failure) {
      await this.tenants.update(tenant.id, {
        consentState: 'none',
        consentMessage: failure,
        consentUpdatedAt: this.clock.now(),
      });
      return {
        ok: false,
        tenantId: tenant.id,
        title: 'The connection could not be confirmed',
        message: failure,
      };
    }
    const message = `Consent granted for Microsoft 365 tenant ${microsoftTenantId}.`;
    await this.tenants.update(tenant.id, {
      microsoftTenantId,
      consentState: 'granted',
      consentMessage: message,
      consentUpdatedAt: this.clock.now(),
    });
    this.logger.info({ tenantId: tenant.id, microsoftTenantId }, 'admin consent granted');
    await this.events.emit('tenant.consentGranted', { tenantId: tenant.id });
    return {
      ok: true,
      tenantId: tenant.id,
      title: 'Microsoft 365 is connected',
      message: `${message} You can close this page and verify the connection.`,
    };
  }

  private async redeemState(state: string | undefined): Promise<ConsentRequestEntity> {
    if (!state)
      throw new DomainError(
        'CONSENT_STATE_MISSING',
        'The consent response carries no state; start "Connect Microsoft 365" again.',
      );
    const payload = verifyConsentState(state, this.keyRing.macKey('consent-state'));
    const request = payload && (await this.requests.find(payload.requestId));
    if (
      !payload ||
      !request ||
      request.tenantId !== payload.tenantId ||
      request.operatorId !== payload.operatorId
    ) {
      throw new DomainError(
        'CONSENT_STATE_INVALID',
        'The consent response is not one this service started.',
      );
    }
    const now = this.clock.now();
    if (request.expiresAt <= now)
      throw new DomainError(
        'CONSENT_STATE_EXPIRED',
        'The consent link has expired; start "Connect Microsoft 365" again.',
      );
    if (!(await this.requests.markUsed(request.id, now)))
      throw new DomainError('CONSENT_STATE_USED', 'This consent response has already been used.');
    return request;
  }

  /** Asks for an app-only token until the fresh grant has propagated; null on success. */
  private async confirmWithToken(microsoftTenantId: string): Promise<string | null> {
    const deadline = Date.now() + this.config.security.consentPropagationTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.tokens.appToken(microsoftTenantId);
        return null;
      } catch (error) {
        const e =
          error instanceof MicrosoftError ? error : new MicrosoftError('permanent', String(error));
        const waitMs = Math.min(1000 * 2 ** attempt, 10_000);
        const retryable = e.kind === 'auth_revoked' || e.kind === 'transient';
        if (!retryable || Date.now() + waitMs > deadline) {
          return retryable
            ? `Microsoft did not confirm the consent within ${Math.round(this.config.security.consentPropagationTimeoutMs / 1000)} s (${e.message}). Try "Connect Microsoft 365" again in a few minutes.`
            : e.message;
        }
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }
}
