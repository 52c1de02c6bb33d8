import { TenantEntity } from './tenants/tenant.entity';
import { AuditEntryEntity } from './audit/audit-entry.entity';
import { InvitationEntity, OperatorEntity, OperatorTenantEntity } from './access/operator.entity';
import { SessionEntity } from './access/session.entity';
import { ConsentRequestEntity } from './consent/consent-request.entity';
import { OnboardingEntity } from './direct-routing/onboarding.entity';
import { OutboxEmailEntity } from './mail/outbox-email.entity';
import {
  DirectoryStateEntity,
  PbxUserEntity,
  SyncedLinkEntity,
  TeamsSettingsEntity,
  TeamsAddressEntity,
  TeamsUserEntity,
} from './snapshots/snapshot.entities';
import { ManualMappingEntity } from './mapping/manual-mapping.entity';
import { MappingImportRowEntity } from './mapping/mapping-import-row.entity';
import { PlanEntryEntity, PreviewEntity } from './preview/preview.entities';
import {
  RunItemEntity,
  SyncFailureEntity,
  SyncRunEntity,
  TenantUserEntity,
} from './sync/sync.entities';

/** Every entity, listed explicitly: no globs, so the app and the CLI see the same set. */
export const ENTITIES = [
  TenantEntity,
  OperatorEntity,
  OperatorTenantEntity,
  InvitationEntity,
  SessionEntity,
  ConsentRequestEntity,
  OutboxEmailEntity,
  PbxUserEntity,
  TeamsUserEntity,
  TeamsSettingsEntity,
  TeamsAddressEntity,
  DirectoryStateEntity,
  SyncedLinkEntity,
  ManualMappingEntity,
  MappingImportRowEntity,
  PreviewEntity,
  PlanEntryEntity,
  SyncRunEntity,
  RunItemEntity,
  SyncFailureEntity,
  TenantUserEntity,
  AuditEntryEntity,
  OnboardingEntity,
];
