import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

/**
 * Who may call a route. Every route declares one; the guard refuses routes that do not.
 * - `public`: anyone, no sign-in.
 * - `authenticated`: any signed-in operator.
 * - `provider_admin`: provider staff only.
 * - `tenant:read` / `tenant:manage`: the tenant in the `:id` path parameter (or owning the `:runId`
 *   or `:failureId`) must be visible to the
 *   caller (404 otherwise, so ids do not leak); managing also needs an admin role (403 otherwise).
 */
export type AccessPolicy =
  'public' | 'authenticated' | 'provider_admin' | 'tenant:read' | 'tenant:manage';

export const ACCESS_METADATA = 'teams-connector:access';

/** The guard reads the policy; the OpenAPI document shows it as `x-access`, with what it implies. */
export const Access = (policy: AccessPolicy) =>
  applyDecorators(SetMetadata(ACCESS_METADATA, policy), ApiExtension('x-access', policy));
