import { TEAMS_PLAN_ID, MCOEV_PLAN_ID } from './directory-records';
import { SubscribedSku } from './microsoft-directory';

/** A subscription that includes Teams, with what is left of it. */
export interface TeamsSku {
  skuId: string;
  skuPartNumber: string;
  free: number;
  total: number;
  /** Whether it also carries Phone System (MCOEV), which the users need more. */
  phoneSystem: boolean;
}

const hasPlan = (sku: SubscribedSku, planId: string) =>
  sku.servicePlans.some((p) => p.servicePlanId === planId && p.provisioningStatus !== 'Disabled');

/** Every enabled subscription that includes Teams, whether or not a unit is free. */
export function teamsSkus(skus: SubscribedSku[]): TeamsSku[] {
  return skus
    .filter((sku) => sku.capabilityStatus === 'Enabled' && hasPlan(sku, TEAMS_PLAN_ID))
    .map((sku) => ({
      skuId: sku.skuId.toLowerCase(),
      skuPartNumber: sku.skuPartNumber,
      free: Math.max(0, sku.prepaidUnits.enabled - sku.consumedUnits),
      total: sku.prepaidUnits.enabled,
      phoneSystem: hasPlan(sku, MCOEV_PLAN_ID),
    }));
}

/**
 * The subscriptions that could license the activation user, best first: those without Phone
 * System first (the users need those units), then the one with the most units free.
 */
export function spareTeamsLicences(skus: SubscribedSku[]): TeamsSku[] {
  return teamsSkus(skus)
    .filter((sku) => sku.free > 0)
    .sort((a, b) => Number(a.phoneSystem) - Number(b.phoneSystem) || b.free - a.free);
}

/** Why no subscription can serve, in words an admin can act on. */
export function noSpareLicence(skus: SubscribedSku[]): string {
  const teams = teamsSkus(skus);
  const used = teams.map((s) => `${s.skuPartNumber} ${s.total - s.free} of ${s.total} in use`);
  return teams.length
    ? `Every licence that includes Teams is in use (${used.join(', ')}). Free one for a few hours, or add one, and start again: setup needs one for its temporary activation user.`
    : 'The tenant has no subscription that includes Teams. Add one with a free licence and start again: setup needs one for its temporary activation user.';
}

/** The licences an onboarding recorded as free, and the part number (`SPE_E5`) of one of them. */
export function recordedSkus(json: string | null): TeamsSku[] {
  return json ? (JSON.parse(json) as TeamsSku[]) : [];
}

export function partNumberOf(json: string | null, skuId: string | null): string | null {
  return recordedSkus(json).find((s) => s.skuId === skuId)?.skuPartNumber ?? skuId;
}
