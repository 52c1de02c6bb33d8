import { MCOEV_PLAN_ID, SandboxSku, ServicePlan, TEAMS1_PLAN_ID } from '../state/types';

const plan = (servicePlanId: string, servicePlanName: string): ServicePlan => ({
  servicePlanId,
  servicePlanName,
  provisioningStatus: 'Success',
  appliesTo: 'User',
});

const EXCHANGE = plan('efb87545-963c-4e0d-99df-69c6916d9eb0', 'EXCHANGE_S_ENTERPRISE');
const TEAMS = plan(TEAMS1_PLAN_ID, 'TEAMS1');
const PHONE_SYSTEM = plan(MCOEV_PLAN_ID, 'MCOEV');

/** Microsoft 365 E5: includes Teams Phone (MCOEV). */
export const SKU_E5 = '06ebc4ee-1bb5-47dd-8120-11324bc54e06';
/** Office 365 E3: Teams without Phone System. */
export const SKU_E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
/** Teams Phone Standard add-on. */
export const SKU_TEAMS_PHONE = 'e43b5b99-8dfb-405f-9987-dc307f34bcbd';

export function standardSkus(e5Units: number, e3Units: number, phoneUnits = 0): SandboxSku[] {
  const sku = (
    skuId: string,
    skuPartNumber: string,
    enabled: number,
    servicePlans: ServicePlan[],
  ): SandboxSku => ({
    skuId,
    skuPartNumber,
    capabilityStatus: 'Enabled',
    prepaidUnits: { enabled, suspended: 0, warning: 0, lockedOut: 0 },
    servicePlans,
  });
  return [
    sku(SKU_E5, 'SPE_E5', e5Units, [EXCHANGE, TEAMS, PHONE_SYSTEM]),
    sku(SKU_E3, 'ENTERPRISEPACK', e3Units, [EXCHANGE, TEAMS]),
    sku(SKU_TEAMS_PHONE, 'MCOEV', phoneUnits, [PHONE_SYSTEM]),
  ];
}
