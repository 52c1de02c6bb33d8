import { generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import {
  AppRegistration,
  AuthorizationCode,
  SignInChoice,
  ConsentOutcome,
  Fault,
  GraphUserProps,
  PbxAccount,
  PbxUser,
  RequestLogEntry,
  SandboxTenant,
  SandboxUser,
  SignInAccount,
  TenantSettings,
} from './types';

export const DEFAULT_TENANT_SETTINGS: TenantSettings = {
  throttleBudget: 3500,
  teamsRequestsPerSecond: { read: 30, write: 30 },
  operationPollsToFinish: 2,
  operationSettleMs: 3000,
  deltaPageSize: 200,
  tokenLifetimeSeconds: 3599,
  propagationDelayMs: 0,
  propagationRefusal: 700016,
  rolesPropagationDelayMs: 0,
  consentOutcome: 'approve',
  grantRoles: null,
  entityShape: 'plain',
  effectivePolicyIdShape: 'graph',
  deltaQuirks: { emptyPages: false, repeatUsers: false, removedInInitialRound: false },
  batchResponseOrder: 'asRequested',
  licenceChangesInDelta: true,
};

const REQUEST_LOG_LIMIT = 500_000;

/** Everything the sandbox knows, in memory. One instance per sandbox server. */
export class SandboxStore {
  readonly apps = new Map<string, AppRegistration>();
  readonly tenants = new Map<string, SandboxTenant>();
  readonly pbxAccounts = new Map<string, PbxAccount>();
  faults: Fault[] = [];
  /** Who "signs in" at the next admin consent for `organizations`/`common`, and what they answer. */
  nextConsent: { tenantId: string; outcome?: ConsentOutcome } | null = null;
  /** Who signs in at the next `/authorize`, once; then the browser session holds them. */
  nextSignIn: SignInChoice | null = null;
  /** The account signed in to the sandbox's browser session, as a cookie would keep it. */
  session: SignInChoice | null = null;
  readonly authorizationCodes = new Map<string, AuthorizationCode>();
  /** Resource units spent per app+tenant in the current 10 s window. */
  readonly throttleWindows = new Map<string, { startedAt: number; used: number }>();
  /** Teams' token buckets per app, tenant and lane (read, write). */
  readonly teamsBuckets = new Map<string, { tokens: number; at: number }>();
  requestLog: RequestLogEntry[] = [];
  /**
   * The DNS servers (`host:port`) domain verification asks for TXT records, as Microsoft asks the
   * public DNS; none set, no record is ever found.
   */
  dnsServers: string[] = [];
  private requestSeq = 0;
  /** Added to the wall clock, so tests can age delta tokens without waiting. */
  clockOffsetMs = 0;
  readonly signingKey: { privateKey: KeyObject; publicKey: KeyObject; kid: string };

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.signingKey = { privateKey, publicKey, kid: randomUUID() };
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  reset(): void {
    this.apps.clear();
    this.tenants.clear();
    this.pbxAccounts.clear();
    this.faults = [];
    this.nextConsent = null;
    this.nextSignIn = null;
    this.session = null;
    this.authorizationCodes.clear();
    this.throttleWindows.clear();
    this.teamsBuckets.clear();
    this.requestLog = [];
    this.clockOffsetMs = 0;
  }

  log(entry: Omit<RequestLogEntry, 'seq' | 'at'>): void {
    // The oldest half goes at once: dropping one entry per request would move the whole log each time.
    if (this.requestLog.length >= REQUEST_LOG_LIMIT)
      this.requestLog = this.requestLog.slice(REQUEST_LOG_LIMIT / 2);
    this.requestLog.push({ seq: ++this.requestSeq, at: this.nowIso(), ...entry });
  }

  /** Finds a tenant by GUID or by any of its domains. */
  findTenant(idOrDomain: string): SandboxTenant | undefined {
    const key = idOrDomain.toLowerCase();
    const direct = this.tenants.get(key);
    if (direct) return direct;
    for (const tenant of this.tenants.values()) {
      if (tenant.domains.some((d) => d.toLowerCase() === key)) return tenant;
    }
    return undefined;
  }

  createTenant(input: {
    id?: string;
    displayName: string;
    domain: string;
    settings?: Partial<TenantSettings>;
  }): SandboxTenant {
    const id = (input.id ?? randomUUID()).toLowerCase();
    const slug = input.domain
      .split('.')[0]
      .replace(/[^a-z0-9]/gi, '')
      .toLowerCase();
    const tenant: SandboxTenant = {
      id,
      displayName: input.displayName,
      domains: [input.domain.toLowerCase(), `${slug}.onmicrosoft.com`],
      addedDomains: new Map(),
      createdDateTime: this.nowIso(),
      consents: new Map(),
      accounts: new Map(),
      users: new Map(),
      userList: [],
      skus: [],
      numbers: new Map(),
      numbersByTarget: new Map(),
      operations: new Map(),
      pendingOperations: new Set(),
      numberFaults: [],
      policies: [],
      policyAssignments: new Map(),
      settings: { ...DEFAULT_TENANT_SETTINGS, ...(input.settings ?? {}) },
      changeSeq: 0,
      deltaExpiredBefore: 0,
      deltaResetBefore: 0,
    };
    this.tenants.set(id, tenant);
    return tenant;
  }
}

/** A user with nothing set but what every user has; tests and `POST /users` fill in the rest. */
export const BLANK_USER: GraphUserProps = {
  userPrincipalName: '',
  displayName: '',
  givenName: null,
  surname: null,
  mail: null,
  proxyAddresses: [],
  accountEnabled: true,
  userType: 'Member',
  usageLocation: 'US',
  businessPhones: [],
  mobilePhone: null,
  jobTitle: null,
  department: null,
  officeLocation: null,
  preferredLanguage: null,
  assignedLicenses: [],
};

export function addUser(
  tenant: SandboxTenant,
  props: GraphUserProps,
  options: { id?: string; createdDateTime?: string; accountKind?: SandboxUser['accountKind'] } = {},
): SandboxUser {
  const seq = ++tenant.changeSeq;
  const createdDateTime = options.createdDateTime ?? new Date().toISOString();
  const user: SandboxUser = {
    id: (options.id ?? randomUUID()).toLowerCase(),
    props,
    createdDateTime,
    createdSeq: seq,
    lifecycleSeq: seq,
    propSeq: {},
    deleted: null,
    accountKind: options.accountKind ?? 'user',
    enterpriseVoiceEnabled: false,
    teamsModifiedAt: createdDateTime,
  };
  tenant.users.set(user.id, user);
  tenant.userList.push(user);
  return user;
}

/** Adds or replaces a PBX user; the list pages are cut from is made again on the next read. */
export function putPbxUser(account: PbxAccount, user: PbxUser): void {
  account.users.set(user.id, user);
  account.userList = null;
}

/** Changes user properties and records which ones changed, as delta needs. */
export function updateUser(
  tenant: SandboxTenant,
  user: SandboxUser,
  changes: Partial<GraphUserProps>,
): void {
  const seq = ++tenant.changeSeq;
  for (const [key, value] of Object.entries(changes) as [keyof GraphUserProps, never][]) {
    if (JSON.stringify(user.props[key]) === JSON.stringify(value)) continue;
    user.props[key] = value;
    // Microsoft does not promise that licence changes reach users delta; a tenant can drop them.
    if (key === 'assignedLicenses' && !tenant.settings.licenceChangesInDelta) continue;
    user.propSeq[key] = seq;
    if (key === 'assignedLicenses') user.propSeq.assignedPlans = seq;
  }
}

export function deleteUser(tenant: SandboxTenant, user: SandboxUser, hard: boolean): void {
  user.deleted = hard ? 'hard' : 'soft';
  user.lifecycleSeq = ++tenant.changeSeq;
  if (hard) tenant.users.delete(user.id);
}

export function restoreUser(tenant: SandboxTenant, user: SandboxUser): void {
  if (user.deleted !== 'soft') throw new Error('only soft-deleted users can be restored');
  user.deleted = null;
  user.lifecycleSeq = ++tenant.changeSeq;
}

export function liveUser(tenant: SandboxTenant, idOrUpn: string): SandboxUser | undefined {
  const key = idOrUpn.toLowerCase();
  const byId = tenant.users.get(key);
  if (byId) return byId.deleted ? undefined : byId;
  for (const user of tenant.users.values()) {
    if (!user.deleted && user.props.userPrincipalName.toLowerCase() === key) return user;
  }
  return undefined;
}

/**
 * The account with this user principal name, created when the tenant has none: an administrator
 * is a person who can sign in, whether or not a test lists them among Graph's users.
 */
export function signInAccount(
  tenant: SandboxTenant,
  userPrincipalName: string,
  roles?: string[],
): SignInAccount {
  const upn = userPrincipalName.toLowerCase();
  let account = [...tenant.accounts.values()].find((a) => a.userPrincipalName === upn);
  if (!account) {
    const directoryUser = liveUser(tenant, upn);
    account = {
      id: directoryUser?.id ?? randomUUID(),
      tenantId: tenant.id,
      userPrincipalName: upn,
      displayName: directoryUser?.props.displayName ?? upn.split('@')[0],
      roles: [],
    };
    tenant.accounts.set(account.id, account);
  }
  if (roles) account.roles = [...roles];
  return account;
}
