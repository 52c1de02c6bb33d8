import { GraphUserProps, SandboxTenant, SandboxUser } from '../state/types';

export const DEFAULT_USER_FIELDS = [
  'businessPhones',
  'displayName',
  'givenName',
  'id',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
] as const;

export const USER_PROP_NAMES: (keyof GraphUserProps)[] = [
  'userPrincipalName',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'proxyAddresses',
  'accountEnabled',
  'userType',
  'usageLocation',
  'businessPhones',
  'mobilePhone',
  'jobTitle',
  'department',
  'officeLocation',
  'preferredLanguage',
  'assignedLicenses',
];

export const SELECTABLE_USER_FIELDS = [
  'id',
  'createdDateTime',
  'assignedPlans',
  ...USER_PROP_NAMES,
];

/** `assignedPlans` as Graph derives them from the user's licenses and the tenant's SKUs. */
export function assignedPlans(tenant: SandboxTenant, user: SandboxUser) {
  return user.props.assignedLicenses.flatMap((license) => {
    const sku = tenant.skus.find((s) => s.skuId === license.skuId);
    if (!sku) return [];
    return sku.servicePlans
      .filter((plan) => plan.appliesTo === 'User')
      .map((plan) => ({
        assignedDateTime: user.createdDateTime,
        capabilityStatus: license.disabledPlans.includes(plan.servicePlanId)
          ? 'Deleted'
          : sku.capabilityStatus === 'Suspended'
            ? 'Suspended'
            : 'Enabled',
        service: plan.servicePlanName.startsWith('MCO')
          ? 'MicrosoftCommunicationsOnline'
          : 'TeamspaceAPI',
        servicePlanId: plan.servicePlanId,
      }));
  });
}

export function hasEnabledPlan(tenant: SandboxTenant, user: SandboxUser, planId: string): boolean {
  return assignedPlans(tenant, user).some(
    (plan) => plan.servicePlanId === planId && plan.capabilityStatus === 'Enabled',
  );
}

export function userField(tenant: SandboxTenant, user: SandboxUser, field: string): unknown {
  if (field === 'id') return user.id;
  if (field === 'createdDateTime') return user.createdDateTime;
  if (field === 'assignedPlans') return assignedPlans(tenant, user);
  return user.props[field as keyof GraphUserProps];
}

/** The JSON Graph returns for a user: the default fields, or `id` plus the selected ones. */
export function representUser(
  tenant: SandboxTenant,
  user: SandboxUser,
  select: readonly string[] | null,
): Record<string, unknown> {
  const fields = select ? ['id', ...select.filter((f) => f !== 'id')] : DEFAULT_USER_FIELDS;
  const out: Record<string, unknown> = {};
  for (const field of fields) out[field] = userField(tenant, user, field) ?? null;
  return out;
}
