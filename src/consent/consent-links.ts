import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { Clock } from '../common/clock/clock';
import { KeyRing } from '../common/crypto/key-ring';
import { DomainError } from '../common/errors/domain-error';
import { ConsentRequestEntity } from './consent-request.entity';
import { ConsentRequestsRepository } from './consent-requests.repository';
import { ConsentProofs, consentProofs } from './consent-proofs';
import { ConsentStep, signConsentState, verifyConsentState } from './consent-state';

/**
 * The links a consent request sends the administrator through, and the `state` that comes back
 * from each: signed by this service, for one request and one step, used once, expiring with it.
 */
@Injectable()
export class ConsentLinks {
  constructor(
    private readonly requests: ConsentRequestsRepository,
    private readonly keyRing: KeyRing,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Microsoft sends both the sign-in and the consent back here: one redirect URI to register. */
  get redirectUri(): string {
    return `${this.config.app.publicUrl}/api/v1/consent/callback`;
  }

  proofs(requestId: string): ConsentProofs {
    return consentProofs(requestId, this.keyRing.macKey('consent-proofs'));
  }

  state(request: ConsentRequestEntity, step: ConsentStep): string {
    return signConsentState(
      {
        requestId: request.id,
        tenantId: request.tenantId,
        operatorId: request.operatorId,
        expiresAt: request.expiresAt.getTime(),
        step,
      },
      this.keyRing.macKey('consent-state'),
    );
  }

  /** The admin consent for exactly the tenant the signed-in administrator belongs to. */
  adminConsentUrl(microsoftTenantId: string, state: string): string {
    const url = new URL(
      `${this.config.microsoft.authorityHost}/${microsoftTenantId}/v2.0/adminconsent`,
    );
    url.searchParams.set('client_id', this.config.microsoft.clientId ?? '');
    url.searchParams.set('redirect_uri', this.redirectUri);
    url.searchParams.set('scope', 'https://graph.microsoft.com/.default');
    url.searchParams.set('state', state);
    return url.toString();
  }

  /** The request and step a returning `state` names, spending that step. */
  async redeem(
    state: string | undefined,
  ): Promise<{ request: ConsentRequestEntity; step: ConsentStep }> {
    if (!state)
      throw new DomainError(
        'CONSENT_STATE_MISSING',
        'The response from Microsoft carries no state; start "Connect Microsoft 365" again.',
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
        'The response from Microsoft is not one this service started.',
      );
    }
    const now = this.clock.now();
    if (request.expiresAt <= now)
      throw new DomainError(
        'CONSENT_STATE_EXPIRED',
        'The consent link has expired; start "Connect Microsoft 365" again.',
      );
    if (!(await this.requests.spend(request.id, payload.step, now))) {
      throw payload.step === 'consent' && !request.signedInAt
        ? new DomainError(
            'CONSENT_STATE_INVALID',
            'No administrator signed in for this consent; start "Connect Microsoft 365" again.',
          )
        : new DomainError('CONSENT_STATE_USED', 'This response has already been used.');
    }
    return { request: (await this.requests.find(request.id))!, step: payload.step };
  }
}
