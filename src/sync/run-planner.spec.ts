import { TenantEntity } from '../tenants/tenant.entity';
import { removalLimit } from './run-planner';

describe('the removal guardrail', () => {
  const tenant = (users: number, percent: number) =>
    ({ removalThresholdCount: users, removalThresholdPercent: percent }) as TenantEntity;

  it.each([
    [10, 10, 50, 10],
    [10, 10, 100, 10],
    [10, 10, 500, 50],
    [10, 10, 509, 50],
    [1, 0, 1000, 1],
    [0, 0, 1000, 0],
    [5, 100, 20, 20],
  ])(
    'lets %i users or %i %% of %i synced users go without approval: %i',
    (users, percent, synced, limit) => {
      expect(removalLimit(tenant(users, percent), synced)).toBe(limit);
    },
  );
});
