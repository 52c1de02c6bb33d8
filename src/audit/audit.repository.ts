import { Injectable } from '@nestjs/common';
import { Between, DataSource, FindOptionsWhere, In } from 'typeorm';
import { AUDIT_ACTIONS, AuditEntryEntity } from './audit-entry.entity';

export interface AuditFilter {
  /** An action (`consent.granted`) or an area (`consent`). */
  action?: string;
  operatorId?: string;
  from?: Date;
  to?: Date;
}

/** The audit log: appended to, read newest first, never changed. */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get entries() {
    return this.dataSource.getRepository(AuditEntryEntity);
  }

  async append(entry: Omit<AuditEntryEntity, 'seq'>): Promise<void> {
    await this.entries.insert(entry);
  }

  page(tenantId: string, filter: AuditFilter, page: number, pageSize: number) {
    const where: FindOptionsWhere<AuditEntryEntity> = { tenantId };
    if (filter.action)
      where.action = In(
        AUDIT_ACTIONS.filter((a) => a === filter.action || a.startsWith(`${filter.action}.`)),
      );
    if (filter.operatorId) where.actorId = filter.operatorId;
    if (filter.from || filter.to)
      where.at = Between(filter.from ?? new Date(0), filter.to ?? new Date(8.64e15));
    return this.entries.findAndCount({
      where,
      order: { at: 'DESC', seq: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }
}
