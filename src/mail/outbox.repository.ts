import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxEmailEntity } from './outbox-email.entity';

/** The e-mail outbox table. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  private rows(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(OutboxEmailEntity);
  }

  async insert(email: OutboxEmailEntity, tx: EntityManager): Promise<void> {
    await this.rows(tx).insert(email);
  }

  find(id: string): Promise<OutboxEmailEntity | null> {
    return this.rows().findOneBy({ id });
  }

  async pendingIds(): Promise<string[]> {
    const rows = await this.rows().find({ where: { status: 'pending' }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  async update(id: string, changes: Partial<OutboxEmailEntity>): Promise<void> {
    await this.rows().update({ id }, changes);
  }
}
