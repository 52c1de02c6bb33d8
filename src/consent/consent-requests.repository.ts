import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { ConsentRequestEntity } from './consent-request.entity';

/** Consent requests: one per consent link, used at most once. */
@Injectable()
export class ConsentRequestsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(ConsentRequestEntity);
  }

  async insert(request: ConsentRequestEntity): Promise<void> {
    await this.rows.insert(request);
  }

  find(id: string): Promise<ConsentRequestEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** Marks the request used; false when another response used it first. */
  async markUsed(id: string, now: Date): Promise<boolean> {
    const used = await this.rows.update({ id, usedAt: IsNull() }, { usedAt: now });
    return (used.affected ?? 0) > 0;
  }
}
