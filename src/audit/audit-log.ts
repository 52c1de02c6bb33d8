import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { currentContext } from '../common/logging/request-context';
import { OperatorsService } from '../access/operators.service';
import { AuditAction, AuditChanges } from './audit-entry.entity';
import { AuditRepository } from './audit.repository';

/** Who acted when no operator did: Microsoft's signed-in administrator, the schedule, the connector. */
export interface OtherActor {
  actor: string;
}

/**
 * Writes the audit log. The operator and the client address come from the request being served;
 * a job or a callback names its actor instead.
 */
@Injectable()
export class AuditLog {
  constructor(
    private readonly entries: AuditRepository,
    private readonly operators: OperatorsService,
    private readonly clock: Clock,
  ) {}

  async record(
    tenantId: string,
    action: AuditAction,
    summary: string,
    options: { changes?: AuditChanges; by?: OtherActor } = {},
  ): Promise<void> {
    const context = currentContext();
    const operatorId = options.by ? null : (context?.operatorId ?? null);
    const operator = operatorId ? (await this.operators.named([operatorId])).get(operatorId) : null;
    await this.entries.append({
      tenantId,
      at: this.clock.now(),
      action,
      actorId: operator?.id ?? null,
      actor: operator
        ? `${operator.name} (${operator.email})`
        : (options.by?.actor ?? 'the connector'),
      address: context?.clientAddress ?? null,
      summary,
      changes:
        options.changes && Object.keys(options.changes).length > 0
          ? JSON.stringify(options.changes)
          : null,
    });
  }
}

/** The fields whose values differ, each from → to; `secret` fields show only that they changed. */
export function changesBetween<T extends object>(
  before: T,
  after: Partial<T>,
  secret: (keyof T)[] = [],
): AuditChanges {
  const changes: AuditChanges = {};
  for (const [field, to] of Object.entries(after) as [keyof T & string, unknown][]) {
    const from = before[field];
    if (field === 'updatedAt' || sameValue(from, to)) continue;
    changes[field] = secret.includes(field) ? { from: '(hidden)', to: '(replaced)' } : { from, to };
  }
  return changes;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}
