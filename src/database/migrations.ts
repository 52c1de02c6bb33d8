import { InitialSchema1763700000000 } from './migrations/1763700000000-initial-schema';
import { OperatorsAndConsent1763800000000 } from './migrations/1763800000000-operators-and-consent';
import { DirectoriesAndPreviews1763900000000 } from './migrations/1763900000000-directories-and-previews';
import { SyncRuns1764000000000 } from './migrations/1764000000000-sync-runs';
import { OneActiveRun1764100000000 } from './migrations/1764100000000-one-active-run';
import { PolicyNames1764200000000 } from './migrations/1764200000000-policy-names';
import { ConsentSignIn1764300000000 } from './migrations/1764300000000-consent-sign-in';
import { MappingLookups1764400000000 } from './migrations/1764400000000-mapping-lookups';
import { Fleet1764500000000 } from './migrations/1764500000000-fleet';
import { ConnectionVerified1764600000000 } from './migrations/1764600000000-connection-verified';
import { DeliveredMailBodies1764700000000 } from './migrations/1764700000000-delivered-mail-bodies';
import { AuditLog1764800000000 } from './migrations/1764800000000-audit-log';
import { TenantDeletion1764900000000 } from './migrations/1764900000000-tenant-deletion';
import { DeploymentIdentity1765000000000 } from './migrations/1765000000000-deployment-identity';
import { PasswordResets1765100000000 } from './migrations/1765100000000-password-resets';
import { OperatorDeletion1765200000000 } from './migrations/1765200000000-operator-deletion';
import { DirectRoutingOnboarding1765300000000 } from './migrations/1765300000000-direct-routing-onboarding';
import { PbxSecureCalling1765400000000 } from './migrations/1765400000000-pbx-secure-calling';
import { SnapshotsWithoutReadTimes1765500000000 } from './migrations/1765500000000-snapshots-without-read-times';
import { PlanBasis1765600000000 } from './migrations/1765600000000-plan-basis';

/** Every migration in order; they run at start-up and with `npm run migration:run`. */
export const MIGRATIONS = [
  InitialSchema1763700000000,
  OperatorsAndConsent1763800000000,
  DirectoriesAndPreviews1763900000000,
  SyncRuns1764000000000,
  OneActiveRun1764100000000,
  PolicyNames1764200000000,
  ConsentSignIn1764300000000,
  MappingLookups1764400000000,
  Fleet1764500000000,
  ConnectionVerified1764600000000,
  DeliveredMailBodies1764700000000,
  AuditLog1764800000000,
  TenantDeletion1764900000000,
  DeploymentIdentity1765000000000,
  PasswordResets1765100000000,
  OperatorDeletion1765200000000,
  DirectRoutingOnboarding1765300000000,
  PbxSecureCalling1765400000000,
  SnapshotsWithoutReadTimes1765500000000,
  PlanBasis1765600000000,
];
