import { MCOEV_PLAN_ID, TEAMS_PLAN_ID } from './directory-records';
import { SubscribedSku } from './microsoft-directory';
import { noSpareLicence, spareTeamsLicences } from './spare-licences';

const plan = (servicePlanId: string, provisioningStatus = 'Success') => ({
  servicePlanId,
  servicePlanName: servicePlanId === TEAMS_PLAN_ID ? 'TEAMS1' : 'MCOEV',
  provisioningStatus,
});
const sku = (
  skuPartNumber: string,
  enabled: number,
  consumed: number,
  plans: ReturnType<typeof plan>[],
  capabilityStatus = 'Enabled',
): SubscribedSku => ({
  skuId: `${skuPartNumber}-id`,
  skuPartNumber,
  capabilityStatus,
  consumedUnits: consumed,
  prepaidUnits: { enabled, suspended: 0, warning: 0 },
  servicePlans: plans,
});

describe('spare licences for the activation user', () => {
  it('keeps subscriptions with Teams and a free unit, those without Phone System first', () => {
    const skus = [
      sku('SPE_E5', 10, 2, [plan(TEAMS_PLAN_ID), plan(MCOEV_PLAN_ID)]),
      sku('ENTERPRISEPACK', 5, 4, [plan(TEAMS_PLAN_ID)]),
      sku('STANDARDPACK', 9, 1, [plan(TEAMS_PLAN_ID)]),
      sku('MCOEV', 50, 0, [plan(MCOEV_PLAN_ID)]),
      sku('FULL', 3, 3, [plan(TEAMS_PLAN_ID)]),
      sku('TEAMS_OFF', 3, 0, [plan(TEAMS_PLAN_ID, 'Disabled')]),
      sku('SUSPENDED', 3, 0, [plan(TEAMS_PLAN_ID)], 'Suspended'),
    ];
    expect(spareTeamsLicences(skus).map((s) => [s.skuPartNumber, s.free])).toEqual([
      ['STANDARDPACK', 8],
      ['ENTERPRISEPACK', 1],
      ['SPE_E5', 8],
    ]);
  });

  it('says which subscriptions are full, or that none includes Teams', () => {
    expect(noSpareLicence([sku('ENTERPRISEPACK', 5, 5, [plan(TEAMS_PLAN_ID)])])).toContain(
      'ENTERPRISEPACK 5 of 5 in use',
    );
    expect(noSpareLicence([sku('MCOEV', 5, 0, [plan(MCOEV_PLAN_ID)])])).toContain(
      'no subscription that includes Teams',
    );
  });
});
