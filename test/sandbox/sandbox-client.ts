import type {
  GraphUserProps,
  PbxUser,
  RequestLogEntry,
  SandboxSku,
  TenantSettings,
  ConsentOutcome,
  AppSecret,
} from './state/types';

export interface FaultSpec {
  method?: string;
  /** Regular expression matched against the request path, e.g. `^/v1\\.0/users$`. */
  path: string;
  status?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
  code?: string;
  times?: number;
}

export interface TeamsState {
  users: {
    id: string;
    userPrincipalName: string;
    accountType: string;
    isEnterpriseVoiceEnabled: boolean;
    telephoneNumbers: { telephoneNumber: string; assignmentCategory: string }[];
    effectivePolicyAssignments: { policyType: string; policyAssignment: { policyId: string } }[];
  }[];
  numbers: {
    telephoneNumber: string;
    assignmentStatus: string;
    assignmentTargetId: string | null;
  }[];
  operations: {
    id: string;
    kind: string;
    telephoneNumber: string;
    status: string;
    statusDetail: string | null;
  }[];
}

export interface SignInSpec {
  tenantId: string;
  userPrincipalName?: string;
  /** Directory role template ids (`ROLE_TEMPLATES`). */
  roles?: string[];
  outcome?: 'approve' | 'cancel';
}

/** Typed access to the sandbox control API (`/__sandbox/...`). */
export class SandboxClient {
  constructor(readonly origin: string) {}

  private async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.origin}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${method} ${path} failed with ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  reset = () => this.call('POST', '/reset');
  registerApp = (app: {
    clientId: string;
    secrets?: AppSecret[];
    certificatePems?: string[];
    redirectUris?: string[];
    requiredRoles?: string[];
    groupMembershipClaims?: 'None' | 'DirectoryRole' | 'All';
  }) => this.call('POST', '/apps', app);
  nextConsent = (tenantId: string, outcome?: ConsentOutcome) =>
    this.call('POST', '/consent/next', { tenantId, outcome });
  /** Who signs in at the next `/authorize` (default: a Global Administrator, `admin@domain`). */
  nextSignIn = (choice: SignInSpec) =>
    this.call<{ accountId: string }>('POST', '/sign-in/next', choice);
  /** The account the browser session keeps signed in, for flows driven by hand. */
  signIn = (choice: SignInSpec) =>
    this.call<{ accountId: string }>('PUT', '/sign-in/session', choice);
  createTenant = (tenant: {
    id?: string;
    displayName?: string;
    domain: string;
    settings?: Partial<TenantSettings>;
  }) => this.call<{ id: string; domains: string[] }>('POST', '/tenants', tenant);
  /** A tenant as the sandbox holds it: domains added through Graph, SKUs with units in use. */
  tenant = (tenantId: string) =>
    this.call<{
      domains: string[];
      addedDomains: { id: string; isVerified: boolean; verificationText: string }[];
      skus: { skuId: string; skuPartNumber: string; consumedUnits: number }[];
      users: number;
    }>('GET', `/tenants/${tenantId}`);
  /** The DNS servers (`host:port`) domain verification asks, as Microsoft asks the public DNS. */
  useDnsServers = (servers: string[]) => this.call('PUT', '/dns', { servers });
  updateSettings = (tenantId: string, settings: Partial<TenantSettings>) =>
    this.call('PATCH', `/tenants/${tenantId}/settings`, settings);
  setSkus = (tenantId: string, skus: SandboxSku[]) =>
    this.call('PUT', `/tenants/${tenantId}/skus`, { skus });
  setPolicies = (
    tenantId: string,
    policies: { policyType: string; name: string; policyId: string }[],
  ) => this.call('PUT', `/tenants/${tenantId}/policies`, { policies });
  addUsers = (
    tenantId: string,
    users: (Partial<GraphUserProps> & { id?: string; userPrincipalName: string })[],
  ) => this.call<{ ids: string[] }>('POST', `/tenants/${tenantId}/users`, { users });
  /** A user by id (deleted ones too) or by user principal name (live ones), and whether deleted. */
  user = (tenantId: string, idOrUpn: string) =>
    this.call<
      Record<string, unknown> & {
        id: string;
        assignedLicenses: { skuId: string }[];
        deleted: null | 'soft' | 'hard';
      }
    >('GET', `/tenants/${tenantId}/users/${encodeURIComponent(idOrUpn)}`);
  updateUser = (tenantId: string, userId: string, changes: Partial<GraphUserProps>) =>
    this.call('PATCH', `/tenants/${tenantId}/users/${userId}`, changes);
  deleteUser = (tenantId: string, userId: string, hard = false) =>
    this.call('DELETE', `/tenants/${tenantId}/users/${userId}?hard=${hard}`);
  restoreUser = (tenantId: string, userId: string) =>
    this.call('POST', `/tenants/${tenantId}/users/${userId}/restore`);
  grantConsent = (tenantId: string, clientId: string, roles?: string[]) =>
    this.call('PUT', `/tenants/${tenantId}/consents/${clientId}`, { roles });
  revokeConsent = (tenantId: string, clientId: string) =>
    this.call('DELETE', `/tenants/${tenantId}/consents/${clientId}`);
  expireDeltaTokens = (tenantId: string) => this.call('POST', `/tenants/${tenantId}/delta/expire`);
  forceDeltaResync = (tenantId: string) => this.call('POST', `/tenants/${tenantId}/delta/reset`);
  assignNumbers = (tenantId: string, numbers: { telephoneNumber: string; userId: string }[]) =>
    this.call('POST', `/tenants/${tenantId}/numbers`, { numbers });
  addNumberFault = (
    tenantId: string,
    fault: {
      telephoneNumber?: string;
      mode: 'fail' | 'hang' | 'skip';
      statusDetail?: string;
      times?: number;
    },
  ) => this.call('POST', `/tenants/${tenantId}/number-faults`, fault);
  teamsState = (tenantId: string) => this.call<TeamsState>('GET', `/tenants/${tenantId}/teams`);
  addFault = (fault: FaultSpec) => this.call<{ id: string }>('POST', '/faults', fault);
  clearFaults = () => this.call('DELETE', '/faults');
  /** The logged requests matching `filter`, read a page at a time. */
  requests = async (filter: { since?: number; path?: string } = {}) => {
    const all: RequestLogEntry[] = [];
    for (let since = filter.since ?? 0; ;) {
      const query = new URLSearchParams({ ...filter, since: String(since) } as Record<
        string,
        string
      >);
      const page = (await this.call<{ requests: RequestLogEntry[] }>('GET', `/requests?${query}`))
        .requests;
      for (const r of page) all.push(r);
      if (page.length === 0) return all;
      since = page[page.length - 1].seq;
    }
  };
  /** How many logged requests match, without reading them. */
  countRequests = async (filter: { since?: number; path?: string; status?: number } = {}) => {
    const query = new URLSearchParams(
      Object.entries(filter).map(([k, v]): [string, string] => [k, String(v)]),
    );
    return (await this.call<{ count: number }>('GET', `/requests/count?${query}`)).count;
  };
  clearRequests = () => this.call('DELETE', '/requests');
  advanceClock = (ms: number) => this.call('POST', '/clock/advance', { ms });
  createPbxAccount = (account: {
    id: string;
    name?: string;
    clientId: string;
    clientSecret: string;
  }) => this.call('POST', '/pbx/accounts', account);
  addPbxUsers = (accountId: string, users: (Partial<PbxUser> & { id: string })[]) =>
    this.call('POST', `/pbx/accounts/${accountId}/users`, { users });
  updatePbxUser = (accountId: string, userId: string, changes: Partial<PbxUser>) =>
    this.call('PATCH', `/pbx/accounts/${accountId}/users/${userId}`, changes);
  deletePbxUser = (accountId: string, userId: string) =>
    this.call('DELETE', `/pbx/accounts/${accountId}/users/${userId}`);
  seedPopulation = (spec: {
    tenantId: string;
    pbxAccountId: string;
    size: number;
    seed?: number;
    overlap?: number;
  }) =>
    this.call<{ microsoftUsers: number; pbxUsers: number; counts: Record<string, number> }>(
      'POST',
      '/populations',
      spec,
    );
}
