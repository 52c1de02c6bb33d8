import { Injectable } from '@nestjs/common';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { OnboardingEntity } from './onboarding.entity';

/** Direct Routing onboardings, one per tenant. */
@Injectable()
export class OnboardingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(OnboardingEntity);
  }

  find(tenantId: string): Promise<OnboardingEntity | null> {
    return this.rows.findOneBy({ tenantId });
  }

  async insert(row: OnboardingEntity): Promise<void> {
    await this.rows.insert(row);
  }

  async update(tenantId: string, changes: Partial<OnboardingEntity>): Promise<void> {
    await this.rows.update({ tenantId }, changes);
  }

  /**
   * Onboardings waiting for a time that has come (DNS, the activation period, a retry), and those
   * said to be running that nobody has moved since `quietSince` (their job was lost).
   */
  async due(now: Date, quietSince: Date): Promise<string[]> {
    const rows = await this.rows.find({
      select: { tenantId: true },
      where: [
        { status: 'waiting', nextCheckAt: LessThanOrEqual(now) },
        { status: 'running', updatedAt: LessThanOrEqual(quietSince) },
      ],
    });
    return rows.map((r) => r.tenantId);
  }
}
