import { TenantEntity } from './tenants/tenant.entity';
import { InvitationEntity, OperatorEntity, OperatorTenantEntity } from './access/operator.entity';
import { SessionEntity } from './access/session.entity';
import { ConsentRequestEntity } from './consent/consent-request.entity';
import { OutboxEmailEntity } from './mail/outbox-email.entity';
import {
  DirectoryStateRow,
  PbxUserRow,
  SyncedLinkRow,
  TeamsSettingsRow,
  TeamsUserRow,
} from './snapshots/snapshot.entities';
import { ManualMappingRow } from './mapping/manual-mapping.entity';
import { PlanEntryRow, PreviewRow } from './preview/preview.entities';
import { RunItemRow, SyncFailureRow, SyncRunRow, TenantUserRow } from './sync/sync.entities';

/** Every entity, listed explicitly: no globs, so the app and the CLI see the same set. */
export const ENTITIES = [
  TenantEntity,
  OperatorEntity,
  OperatorTenantEntity,
  InvitationEntity,
  SessionEntity,
  ConsentRequestEntity,
  OutboxEmailEntity,
  PbxUserRow,
  TeamsUserRow,
  TeamsSettingsRow,
  DirectoryStateRow,
  SyncedLinkRow,
  ManualMappingRow,
  PreviewRow,
  PlanEntryRow,
  SyncRunRow,
  RunItemRow,
  SyncFailureRow,
  TenantUserRow,
];
