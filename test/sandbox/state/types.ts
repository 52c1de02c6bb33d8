/** Sandbox state: what Entra, Graph and the PBX know. Plain data; behaviour lives in the routes. */

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const MCOEV_PLAN_ID = '4828c8ec-dc2e-4779-b502-87ac9ce28ab7';
export const TEAMS1_PLAN_ID = '57ff2da0-773e-42df-b2af-ffb7a2317929';

export interface AppSecret {
  value: string;
  expiresAt?: number;
}

export interface AppCertificate {
  /** base64url of the SHA-256 thumbprint, as sent in the `x5t#S256` JWT header. */
  x5tS256: string;
  /** base64url of the SHA-1 thumbprint (`x5t`). */
  x5t: string;
  publicKeyPem: string;
}

export interface AppRegistration {
  clientId: string;
  displayName: string;
  secrets: AppSecret[];
  certificates: AppCertificate[];
  redirectUris: string[];
  /** App roles listed under "required permissions"; consent grants these. */
  requiredRoles: string[];
  /**
   * The manifest's `groupMembershipClaims`: with `DirectoryRole` or `All`, ID tokens carry the
   * user's directory roles in `wids`; with `None` they carry none.
   */
  groupMembershipClaims: 'None' | 'DirectoryRole' | 'All';
}

/** Directory role template ids (immutable across tenants). */
export const ROLE_TEMPLATES = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  teamsAdministrator: '69091246-20e8-4a56-aa4d-066075b2a7a8',
  /** The implicit role every member holds; Entra lists it in `wids` too. */
  user: 'b79fbf4d-3ef9-4689-8143-76b194e85509',
} as const;

/** A person who can sign in to a tenant, with the directory roles assigned to them. */
export interface SignInAccount {
  id: string;
  tenantId: string;
  userPrincipalName: string;
  displayName: string;
  /** Role template ids of active assignments (the implicit user role is not listed). */
  roles: string[];
}

/** Who the next `/authorize` (or the browser session) signs in as, and what they answer. */
export interface SignInChoice {
  tenantId: string;
  accountId: string;
  outcome: 'approve' | 'cancel';
}

/** An authorization code, redeemable once within ten minutes. */
export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  tenantId: string;
  accountId: string;
  scopes: string[];
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain';
  expiresAt: number;
  redeemed: boolean;
}

export type ConsentOutcome = 'approve' | 'cancel' | 'non_admin';

export interface ConsentGrant {
  state: 'granted' | 'revoked';
  roles: string[];
  grantedAt: number;
  /** Tokens fail with AADSTS700016 until this time, as while a fresh grant propagates. */
  usableFrom: number;
}

export interface GraphUserProps {
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  proxyAddresses: string[];
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  usageLocation: string | null;
  businessPhones: string[];
  mobilePhone: string | null;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  preferredLanguage: string | null;
  assignedLicenses: { skuId: string; disabledPlans: string[] }[];
}

export interface SandboxUser {
  id: string;
  props: GraphUserProps;
  createdDateTime: string;
  /** Change sequence numbers feed /users/delta. */
  createdSeq: number;
  lifecycleSeq: number;
  propSeq: Partial<Record<keyof GraphUserProps | 'assignedPlans', number>>;
  deleted: null | 'soft' | 'hard';
  accountKind: 'user' | 'resourceAccount';
  enterpriseVoiceEnabled: boolean;
  teamsModifiedAt: string;
}

export interface ServicePlan {
  servicePlanId: string;
  servicePlanName: string;
  provisioningStatus: 'Success' | 'Disabled' | 'PendingActivation';
  appliesTo: 'User' | 'Company';
}

export interface SandboxSku {
  skuId: string;
  skuPartNumber: string;
  capabilityStatus: 'Enabled' | 'Warning' | 'Suspended';
  prepaidUnits: { enabled: number; suspended: number; warning: number; lockedOut: number };
  servicePlans: ServicePlan[];
}

export interface NumberRecord {
  id: string;
  telephoneNumber: string;
  numberType: 'directRouting' | 'callingPlan' | 'operatorConnect';
  assignmentStatus: 'unassigned' | 'userAssigned';
  activationState: 'activated' | 'assignmentPending' | 'assignmentFailed';
  assignmentTargetId: string | null;
  assignmentCategory: 'primary' | 'private' | 'alternate' | null;
}

export type OperationStatus = 'notStarted' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface NumberOperation {
  id: string;
  kind: 'assign' | 'unassign';
  createdDateTime: string;
  telephoneNumber: string;
  targetId: string | null;
  category: 'primary' | 'private' | 'alternate';
  status: OperationStatus;
  polls: number;
  hang: boolean;
  forcedFailure: string | null;
  /** Set for a `skip` fault: the detail of the skipped operation. */
  forcedSkip: string | null;
  statusDetail: string | null;
  resourceLocation: string | null;
}

export interface NumberFault {
  telephoneNumber?: string;
  /** `skip`: Teams ends the operation `skipped` and leaves the number as it was. */
  mode: 'fail' | 'hang' | 'skip';
  statusDetail?: string;
  remaining: number;
}

export interface Policy {
  policyType: string;
  name: string;
  policyId: string;
}

export interface TenantSettings {
  /** Resource units per 10 s for this app+tenant (Graph: 3,500 small / 5,000 medium / 8,000 large). */
  throttleBudget: number;
  /**
   * Teams' limits per app and tenant for the Teams APIs (`/admin/teams/...`), which identity's
   * resource units do not meter: requests per second for GETs (`read`) and for the rest (`write`).
   */
  teamsRequestsPerSecond: { read: number; write: number };
  /** Polls after which a number operation reaches its end state. */
  operationPollsToFinish: number;
  /** An operation also finishes this long after it was created, polled or not. */
  operationSettleMs: number;
  deltaPageSize: number;
  tokenLifetimeSeconds: number;
  /** Delay after consent before the first token succeeds. */
  propagationDelayMs: number;
  /** The AADSTS code a token request gets while a fresh grant propagates (all three are seen). */
  propagationRefusal: 700016 | 7000229 | 65001;
  /** After the first token succeeds, tokens still come without the new roles for this long. */
  rolesPropagationDelayMs: number;
  consentOutcome: ConsentOutcome;
  /** Roles consent grants; null means everything the app requires. */
  grantRoles: string[] | null;
  /**
   * How a single operation or Teams user configuration comes back: `plain` (the entity itself) or
   * `value` (wrapped as `{ "value": [entity] }`, as some of Microsoft's documented examples show).
   */
  entityShape: 'plain' | 'value';
  /**
   * How a user's effective voice routing policy is identified: by the id `getPolicyId` answers
   * (`graph`), or by its `Tag:` identity (`identity`), as Microsoft's examples differ.
   */
  effectivePolicyIdShape: 'graph' | 'identity';
  /** Users delta behaviours Microsoft allows and a client must survive; all off by default. */
  deltaQuirks: DeltaQuirks;
  /** `$batch` responses come in any order at Microsoft; `reversed` makes that visible. */
  batchResponseOrder: 'asRequested' | 'reversed';
  /**
   * Whether a user's licence change (`assignedLicenses`, hence `assignedPlans`) surfaces them in
   * users delta. Microsoft says `licenseAssignmentStates` changes are not tracked; clients must not
   * depend on licence changes arriving by delta.
   */
  licenceChangesInDelta: boolean;
}

export interface DeltaQuirks {
  /** A page with no users but a `@odata.nextLink` before each page that has some. */
  emptyPages: boolean;
  /** Each page starts again with the last user of the page before: one user twice in a round. */
  repeatUsers: boolean;
  /** The first round (no delta token) lists users deleted meanwhile as `@removed`. */
  removedInInitialRound: boolean;
}

/** A domain added to a tenant (`POST /domains`); verified, it joins the tenant's `domains`. */
export interface SandboxDomain {
  id: string;
  isVerified: boolean;
  /** The `MS=ms…` text the tenant's TXT record must carry before Microsoft verifies it. */
  verificationText: string;
  supportedServices: string[];
}

export interface SandboxTenant {
  id: string;
  displayName: string;
  /** Verified domain names; the first is the default. */
  domains: string[];
  /** Domains added through Graph, verified or not, by lowercase name. */
  addedDomains: Map<string, SandboxDomain>;
  createdDateTime: string;
  consents: Map<string, ConsentGrant>;
  /** People who can sign in, by object id; they need not be among the users Graph lists. */
  accounts: Map<string, SignInAccount>;
  users: Map<string, SandboxUser>;
  /** Users in creation order (tombstones included): the order of pages and delta rounds. */
  userList: SandboxUser[];
  skus: SandboxSku[];
  numbers: Map<string, NumberRecord>;
  /** The numbers assigned to each user, kept with `numbers` so a lookup never scans them all. */
  numbersByTarget: Map<string, NumberRecord[]>;
  operations: Map<string, NumberOperation>;
  /** Operations not ended yet: what settling looks at on each request. */
  pendingOperations: Set<NumberOperation>;
  numberFaults: NumberFault[];
  policies: Policy[];
  policyAssignments: Map<string, Map<string, string>>;
  settings: TenantSettings;
  changeSeq: number;
  /** Delta tokens issued before this instant are answered with 400 syncStateNotFound. */
  deltaExpiredBefore: number;
  /** Delta tokens issued before this instant are answered with 410 and a fresh start link. */
  deltaResetBefore: number;
}

export interface PbxUser {
  id: string;
  email: string | null;
  firstName: string;
  lastName: string;
  extension: string;
  directNumber: string | null;
  status: 'active' | 'suspended' | 'deleted';
  /** Secure calling (encrypted calls on the PBX side), which calls through the connector cannot keep. */
  secureCalling: boolean;
  createdAt: string;
  modifiedAt: string;
}

export interface PbxAccount {
  id: string;
  name: string;
  clientId: string;
  clientSecret: string;
  users: Map<string, PbxUser>;
  /** `users` in order for paging, made again after a user is put (null until then). */
  userList: PbxUser[] | null;
}

export interface Fault {
  id: string;
  method?: string;
  /** Regular expression tested against the request path (batch items: `/v1.0` + item url). */
  path: string;
  status: number;
  retryAfterSeconds?: number;
  delayMs?: number;
  code?: string;
  remaining: number;
}

export interface RequestLogEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: string;
  status: number;
  tenantId?: string;
  clientId?: string;
  batchItem?: boolean;
  retryAttempt?: string;
  body?: unknown;
}
