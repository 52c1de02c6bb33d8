import { TenantEntity } from '../tenants/tenant.entity';

/** Every entity, listed explicitly: no globs, so the app and the CLI see the same set. */
export const ENTITIES = [TenantEntity];
