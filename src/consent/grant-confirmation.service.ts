import { Injectable } from '@nestjs/common';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { grantedRoles, TokenProvider } from '../microsoft/token-provider';
import { REQUIRED_APP_PERMISSIONS } from './required-permissions';

export type GrantCheck =
  | { ok: true; roles: string[] }
  | {
      ok: false;
      /** The roles of the last token, when one came. */
      roles: string[];
      /** Required permissions the last token lacked (all of them when no token came). */
      missing: string[];
      /** Why no token came, when none did. */
      error: MicrosoftError | null;
    };

/** Errors that mean "the grant is not there yet" while a fresh consent propagates. */
const PROPAGATING = new Set(['auth_revoked', 'transient']);

/**
 * Whether the app's grant in a Microsoft 365 tenant is in force: a fresh app-only token (never a
 * cached one) carrying every required permission. Right after consent Microsoft may refuse the
 * token (AADSTS700016, 7000229, 65001) or issue it without the new roles; within `waitMs` both
 * mean "still propagating" and the check asks again, backing off.
 */
@Injectable()
export class GrantConfirmation {
  constructor(private readonly tokens: TokenProvider) {}

  async check(microsoftTenantId: string, waitMs: number): Promise<GrantCheck> {
    const deadline = Date.now() + waitMs;
    for (let attempt = 0; ; attempt++) {
      let outcome: GrantCheck;
      try {
        const roles = grantedRoles(await this.tokens.appToken(microsoftTenantId, { fresh: true }));
        const missing = REQUIRED_APP_PERMISSIONS.filter((p) => !roles.includes(p));
        if (missing.length === 0) return { ok: true, roles };
        outcome = { ok: false, roles, missing, error: null };
      } catch (error) {
        const e =
          error instanceof MicrosoftError ? error : new MicrosoftError('permanent', String(error));
        outcome = { ok: false, roles: [], missing: [...REQUIRED_APP_PERMISSIONS], error: e };
        if (!PROPAGATING.has(e.kind)) return outcome;
      }
      const pauseMs = Math.min(1000 * 2 ** attempt, 10_000);
      if (Date.now() + pauseMs > deadline) return outcome;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
