import { Injectable } from '@nestjs/common';
import { PbxAccount, PbxDirectory, PbxError } from '../pbx/pbx-directory';

/** One named check of a connection, as "Verify connection" lists them. */
export interface ConnectionCheck {
  name: string;
  ok: boolean;
  message: string;
  /**
   * Set on a check that only Direct Routing onboarding needs: it does not fail the connection,
   * which syncs without it.
   */
  feature?: 'directRouting';
}

/** What the PBX said of an account: each check, and the PBX's error when one failed. */
export interface PbxCheckResult {
  checks: ConnectionCheck[];
  error: PbxError | null;
}

/** The PBX side of a connection: the connector signs in, then reads one page of users. */
@Injectable()
export class PbxChecks {
  constructor(private readonly pbx: PbxDirectory) {}

  async run(account: PbxAccount): Promise<PbxCheckResult> {
    try {
      await this.pbx.signIn(account);
    } catch (error) {
      if (!(error instanceof PbxError)) throw error;
      // Only the provider's admins can change a tenant's PBX connection: say where.
      const action =
        error.kind === 'auth' || error.kind === 'permanent'
          ? ' A provider admin corrects the PBX connection under Settings → Tenant details.'
          : '';
      return {
        checks: [
          { name: 'pbx:signIn', ok: false, message: `${error.message}${action}` },
          { name: 'pbx:users', ok: false, message: 'Not checked: the PBX did not sign in.' },
        ],
        error,
      };
    }
    const signedIn = {
      name: 'pbx:signIn',
      ok: true,
      message: `The PBX signs the connector in to account ${account.accountId}.`,
    };
    try {
      const count = await firstPageSize(this.pbx.users(account));
      const users = {
        name: 'pbx:users',
        ok: true,
        message: `PBX users are readable${count === 0 ? ' (the account has none yet)' : ''}.`,
      };
      return { checks: [signedIn, users], error: null };
    } catch (error) {
      if (!(error instanceof PbxError)) throw error;
      return {
        checks: [signedIn, { name: 'pbx:users', ok: false, message: error.message }],
        error,
      };
    }
  }
}

async function firstPageSize(pages: AsyncIterable<unknown[]>): Promise<number> {
  for await (const page of pages) return page.length;
  return 0;
}
