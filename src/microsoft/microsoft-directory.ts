export interface Organization {
  id: string;
  displayName: string;
}

export interface SubscribedSku {
  skuId: string;
  skuPartNumber: string;
  capabilityStatus: string;
  consumedUnits: number;
  prepaidUnits: { enabled: number; suspended: number; warning: number };
  servicePlans: { servicePlanId: string; servicePlanName: string; provisioningStatus: string }[];
}

/** Reads from a customer's Microsoft 365 directory through Microsoft Graph. */
export abstract class MicrosoftDirectory {
  abstract organization(microsoftTenantId: string): Promise<Organization>;
  /** Reads one user: proves users are readable without paging through them. */
  abstract sampleUser(microsoftTenantId: string): Promise<{ id: string } | null>;
  abstract subscribedSkus(microsoftTenantId: string): Promise<SubscribedSku[]>;
}
