import {
  REQUIRED_APP_PERMISSIONS,
  SETUP_APP_PERMISSIONS,
} from '../../src/consent/required-permissions';
import { randomBytes } from 'node:crypto';
import { SandboxClient } from './sandbox-client';

/** The app registration asks for exactly the permissions the connector needs. */
export const CONNECTOR_APP_ROLES = [...REQUIRED_APP_PERMISSIONS, ...SETUP_APP_PERMISSIONS];

export const DEMO = {
  clientId: '5b7e3c1a-7f0d-4c8e-9a41-2d6f0c9e7b11',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  domain: 'contoso.example',
  pbxAccountId: 'acct-contoso',
  pbxClientId: 'contoso-pbx-client',
  voiceRoutingPolicy: 'PBX-Direct-Routing',
};

export interface DemoCredentials {
  clientId: string;
  clientSecret: string;
  tenantId: string;
  pbxAccountId: string;
  pbxClientId: string;
  pbxClientSecret: string;
}

/** Seeds the app registration, a demo Microsoft tenant and its PBX account with a population. */
export async function seedDemo(
  sandbox: SandboxClient,
  options: { users: number; seed?: number; redirectUris: string[] },
): Promise<DemoCredentials> {
  const clientSecret = randomBytes(24).toString('base64url');
  const pbxClientSecret = randomBytes(24).toString('base64url');
  await sandbox.registerApp({
    clientId: DEMO.clientId,
    secrets: [{ value: clientSecret }],
    redirectUris: options.redirectUris,
    requiredRoles: CONNECTOR_APP_ROLES,
    groupMembershipClaims: 'DirectoryRole',
  });
  await sandbox.createTenant({
    id: DEMO.tenantId,
    displayName: 'Contoso Ltd',
    domain: DEMO.domain,
  });
  // Whoever opens a consent link in the demo signs in as Contoso's Global Administrator.
  await sandbox.signIn({ tenantId: DEMO.tenantId });
  await sandbox.setPolicies(DEMO.tenantId, [
    {
      policyType: 'OnlineVoiceRoutingPolicy',
      name: DEMO.voiceRoutingPolicy,
      policyId: 'b5c5a0a7-9a4c-4b7e-8d0e-0c1f6a9d2e31',
    },
    {
      policyType: 'OnlineVoiceRoutingPolicy',
      name: 'Global',
      policyId: '00000000-0000-0000-0000-000000000000',
    },
  ]);
  await sandbox.createPbxAccount({
    id: DEMO.pbxAccountId,
    name: 'Contoso PBX',
    clientId: DEMO.pbxClientId,
    clientSecret: pbxClientSecret,
  });
  await sandbox.seedPopulation({
    tenantId: DEMO.tenantId,
    pbxAccountId: DEMO.pbxAccountId,
    size: options.users,
    seed: options.seed ?? 42,
  });
  return {
    clientId: DEMO.clientId,
    clientSecret,
    tenantId: DEMO.tenantId,
    pbxAccountId: DEMO.pbxAccountId,
    pbxClientId: DEMO.pbxClientId,
    pbxClientSecret,
  };
}
