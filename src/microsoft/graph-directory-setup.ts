import { Client } from '@microsoft/microsoft-graph-client';
import { DirectorySetup, NewSetupUser, SetupUser, TenantDomain } from './directory-setup';
import { GraphClients } from './graph-clients';
import { MicrosoftError } from './microsoft-error';

interface GraphDomain {
  id: string;
  isVerified: boolean;
  supportedServices?: string[];
}

interface GraphUser {
  id: string;
  userPrincipalName: string;
  assignedLicenses?: { skuId: string }[];
}

const USER_FIELDS = ['id', 'userPrincipalName', 'assignedLicenses'];

const toDomain = (d: GraphDomain): TenantDomain => ({
  id: d.id,
  isVerified: d.isVerified,
  supportedServices: d.supportedServices ?? [],
});

const toUser = (u: GraphUser): SetupUser => ({
  id: u.id,
  userPrincipalName: u.userPrincipalName,
  licensedSkuIds: (u.assignedLicenses ?? []).map((l) => l.skuId.toLowerCase()),
});

/** Treats Graph's 404 as "there is none". */
async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if ((error as MicrosoftError).kind === 'not_found') return null;
    throw error;
  }
}

const path = (segment: string) => encodeURIComponent(segment);

/** Direct Routing setup through the real graph-client. */
export class GraphDirectorySetup extends DirectorySetup {
  constructor(private readonly graph: GraphClients) {
    super();
  }

  private call<T>(tid: string, request: (client: Client) => Promise<T>): Promise<T> {
    return this.graph.call(tid, request);
  }

  domain(tid: string, name: string): Promise<TenantDomain | null> {
    return orNull(
      this.call(tid, async (c) =>
        toDomain((await c.api(`/domains/${path(name)}`).get()) as GraphDomain),
      ),
    );
  }

  addDomain(tid: string, name: string): Promise<TenantDomain> {
    return this.call(tid, async (c) =>
      toDomain((await c.api('/domains').post({ id: name })) as GraphDomain),
    );
  }

  verificationTxt(tid: string, name: string): Promise<string> {
    return this.call(tid, async (c) => {
      const page = (await c.api(`/domains/${path(name)}/verificationDnsRecords`).get()) as {
        value: { recordType: string; text?: string }[];
      };
      const txt = page.value.find((r) => r.recordType.toLowerCase() === 'txt' && r.text);
      if (!txt)
        throw new MicrosoftError('permanent', `Microsoft lists no TXT record to verify ${name}.`);
      return txt.text!;
    });
  }

  async verifyDomain(tid: string, name: string): Promise<boolean> {
    try {
      const domain = (await this.call(tid, (c) =>
        c.api(`/domains/${path(name)}/verify`).post({}),
      )) as GraphDomain;
      return domain.isVerified;
    } catch (error) {
      // Microsoft answers 400 while it cannot find the TXT record: DNS has not caught up yet.
      if ((error as MicrosoftError).details?.status === 400) return false;
      throw error;
    }
  }

  countryCode(tid: string): Promise<string> {
    return this.call(tid, async (c) => {
      const page = (await c.api('/organization').select(['countryLetterCode']).get()) as {
        value: { countryLetterCode?: string }[];
      };
      return page.value[0]?.countryLetterCode || 'US';
    });
  }

  userByPrincipalName(tid: string, upn: string): Promise<SetupUser | null> {
    return orNull(
      this.call(tid, async (c) =>
        toUser(
          (await c
            .api(`/users/${path(upn)}`)
            .select(USER_FIELDS)
            .get()) as GraphUser,
        ),
      ),
    );
  }

  createUser(tid: string, user: NewSetupUser): Promise<SetupUser> {
    return this.call(tid, async (c) =>
      toUser(
        (await c.api('/users').post({
          // Nobody signs in as it: the account only has to exist, licensed, in the domain.
          accountEnabled: false,
          displayName: user.displayName,
          mailNickname: user.userPrincipalName.split('@')[0],
          userPrincipalName: user.userPrincipalName,
          usageLocation: user.usageLocation,
          passwordProfile: { forceChangePasswordNextSignIn: true, password: user.password },
        })) as GraphUser,
      ),
    );
  }

  async assignLicences(
    tid: string,
    userId: string,
    change: { add: string[]; remove: string[] },
  ): Promise<void> {
    await this.call(tid, (c) =>
      c.api(`/users/${path(userId)}/assignLicense`).post({
        addLicenses: change.add.map((skuId) => ({ skuId, disabledPlans: [] })),
        removeLicenses: change.remove,
      }),
    );
  }

  async deleteUser(tid: string, userId: string): Promise<void> {
    await orNull(this.call(tid, (c) => c.api(`/users/${path(userId)}`).delete()));
  }
}
