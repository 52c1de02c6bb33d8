import { TenantEntity } from '../tenants/tenant.entity';
import {
  InvitationEntity,
  OperatorEntity,
  OperatorTenantEntity,
} from '../operators/operator.entity';
import { SessionEntity } from '../auth/session.entity';
import { ConsentRequestEntity } from '../consent/consent-request.entity';
import { OutboxEmailEntity } from '../mail/outbox-email.entity';

/** Every entity, listed explicitly: no globs, so the app and the CLI see the same set. */
export const ENTITIES = [
  TenantEntity,
  OperatorEntity,
  OperatorTenantEntity,
  InvitationEntity,
  SessionEntity,
  ConsentRequestEntity,
  OutboxEmailEntity,
];
