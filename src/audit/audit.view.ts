import { EnumField, Field, NullableField, PageOf } from '../common/http/api-fields';
import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS, AuditAction, AuditChanges, AuditEntryEntity } from './audit-entry.entity';

export class AuditEntryView {
  @Field('Entries are numbered in the order they were written.') seq!: number;
  @Field() at!: Date;
  @EnumField(AUDIT_ACTIONS) action!: AuditAction;
  @NullableField(String, 'The operator who acted, when an operator did.') operatorId!:
    string | null;
  @Field('Who acted, as named at the time.') actor!: string;
  @NullableField(String, 'The client address of the request.') address!: string | null;
  @Field() summary!: string;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: {
      type: 'object',
      properties: { from: {}, to: {} },
    },
    description: 'Each field that changed, from → to; a secret shows only that it was replaced.',
  })
  changes!: AuditChanges | null;
}

export class AuditPageView extends PageOf(() => AuditEntryView) {}

export function auditEntryView(entry: AuditEntryEntity): AuditEntryView {
  return {
    seq: entry.seq,
    at: entry.at,
    action: entry.action,
    operatorId: entry.actorId,
    actor: entry.actor,
    address: entry.address,
    summary: entry.summary,
    changes: entry.changes ? (JSON.parse(entry.changes) as AuditChanges) : null,
  };
}
