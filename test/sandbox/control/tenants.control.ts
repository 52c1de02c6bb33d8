import { Router } from '../http';
import {
  addUser,
  BLANK_USER,
  deleteUser,
  liveUser,
  restoreUser,
  SandboxStore,
  updateUser,
} from '../state/store';
import { GraphUserProps, NumberFault, SandboxSku, TenantSettings } from '../state/types';
import { consumedUnits } from '../graph/directory';
import { assignNumber, numberRecord, settleOperations } from '../graph/telephony-state';
import { representTeamsUser } from '../graph/teams-users';
import { representUser, SELECTABLE_USER_FIELDS } from '../graph/user-representation';
import { body, ControlError, ok, tenantOf } from './control-helpers';

/** Microsoft-side control: tenants, users, licenses, consent, delta tokens, Teams state. */
export function tenantControlRoutes(store: SandboxStore, router: Router): void {
  const user = (tenantId: string, userId: string) => {
    const tenant = tenantOf(store, tenantId);
    const found = tenant.users.get(userId.toLowerCase()) ?? liveUser(tenant, userId);
    if (!found) throw new ControlError(404, `No user '${userId}' in tenant '${tenant.id}'.`);
    return { tenant, user: found };
  };

  router
    .add('POST', '/__sandbox/tenants', (req) => {
      const input = body<{
        id?: string;
        displayName?: string;
        domain?: string;
        settings?: Partial<TenantSettings>;
      }>(req);
      if (!input.domain) throw new ControlError(400, 'domain is required');
      if (input.id && store.tenants.has(input.id.toLowerCase()))
        throw new ControlError(409, `Tenant '${input.id}' exists.`);
      const tenant = store.createTenant({
        id: input.id,
        displayName: input.displayName ?? input.domain,
        domain: input.domain,
        settings: input.settings,
      });
      return ok({ id: tenant.id, domains: tenant.domains });
    })
    .add('GET', '/__sandbox/tenants/:tenantId', (req) => {
      const tenant = tenantOf(store, req.params.tenantId);
      return ok({
        id: tenant.id,
        displayName: tenant.displayName,
        domains: tenant.domains,
        settings: tenant.settings,
        consents: Object.fromEntries(tenant.consents),
        users: tenant.userList.filter((u) => !u.deleted).length,
        addedDomains: [...tenant.addedDomains.values()],
        skus: tenant.skus.map((sku) => ({
          skuId: sku.skuId,
          skuPartNumber: sku.skuPartNumber,
          consumedUnits: consumedUnits(tenant, sku),
        })),
      });
    })
    .add('PATCH', '/__sandbox/tenants/:tenantId/settings', (req) => {
      const tenant = tenantOf(store, req.params.tenantId);
      Object.assign(tenant.settings, body<Partial<TenantSettings>>(req));
      return ok(tenant.settings);
    })
    .add('POST', '/__sandbox/tenants/:tenantId/users', (req) => {
      const tenant = tenantOf(store, req.params.tenantId);
      const input = body<{
        users: (Partial<GraphUserProps> & {
          id?: string;
          accountKind?: 'user' | 'resourceAccount';
        })[];
      }>(req);
      const created = (input.users ?? []).map(({ id, accountKind, ...props }) => {
        if (!props.userPrincipalName) throw new ControlError(400, 'userPrincipalName is required');
        return addUser(
          tenant,
          { ...BLANK_USER, displayName: props.userPrincipalName, ...props },
          { id, accountKind, createdDateTime: store.nowIso() },
        ).id;
      });
      return ok({ ids: created });
    })
    .add('GET', '/__sandbox/tenants/:tenantId/users/:userId', (req) => {
      const found = user(req.params.tenantId, req.params.userId);
      return ok({
        ...representUser(found.tenant, found.user, SELECTABLE_USER_FIELDS),
        deleted: found.user.deleted,
      });
    })
    .add('PATCH', '/__sandbox/tenants/:tenantId/users/:userId', (req) => {
      const found = user(req.params.tenantId, req.params.userId);
      updateUser(found.tenant, found.user, body<Partial<GraphUserProps>>(req));
      return ok();
    })
    .add('DELETE', '/__sandbox/tenants/:tenantId/users/:userId', (req) => {
      const found = user(req.params.tenantId, req.params.userId);
      deleteUser(found.tenant, found.user, req.query.get('hard') === 'true');
      return ok();
    })
    .add('POST', '/__sandbox/tenants/:tenantId/users/:userId/restore', (req) => {
      const found = user(req.params.tenantId, req.params.userId);
      if (found.user.deleted !== 'soft')
        throw new ControlError(409, 'Only soft-deleted users can be restored.');
      restoreUser(found.tenant, found.user);
      return ok();
    })
    .add('PUT', '/__sandbox/tenants/:tenantId/skus', (req) => {
      const tenant = tenantOf(store, req.params.tenantId);
      tenant.skus = body<{ skus: SandboxSku[] }>(req).skus ?? [];
      return ok();
    })
    .add('PUT', '/__sandbox/tenants/:tenantId/policies', (req) => {
      const tenant = tenantOf(store, req.params.tenantId);
      tenant.policies = body<{ policies: SandboxTenantPolicies }>(req).policies ?? [];
      return ok();
    })
    .add('PUT', '/__sandbox/tenants/:tenantId/consents/:clientId', (req) => {
      const tenant = tenantOf(store, req.params.tenantId);
      const app = store.apps.get(req.params.clientId);
      if (!app) throw new ControlError(404, `No app '${req.params.clientId}'.`);
      const input = body<{ roles?: string[] }>(req);
      tenant.consents.set(app.clientId, {
        state: 'granted',
        roles: input.roles ?? [...app.requiredRoles],
        grantedAt: store.now(),
        usableFrom: store.now() + tenant.settings.propagationDelayMs,
      });
      return ok();
    })
    .add('DELETE', '/__sandbox/tenants/:tenantId/consents/:clientId', (req) => {
      const tenant = tenantOf(store, req.params.tenantId);
      const grant = tenant.consents.get(req.params.clientId);
      if (grant) grant.state = 'revoked';
      return ok();
    })
    .add('POST', '/__sandbox/tenants/:tenantId/delta/expire', (req) => {
      tenantOf(store, req.params.tenantId).deltaExpiredBefore = store.now() + 1;
      return ok();
    })
    .add('POST', '/__sandbox/tenants/:tenantId/delta/reset', (req) => {
      tenantOf(store, req.params.tenantId).deltaResetBefore = store.now() + 1;
      return ok();
    })
    .add('POST', '/__sandbox/tenants/:tenantId/numbers', (req) => {
      const tenant = tenantOf(store, req.params.tenantId);
      for (const { telephoneNumber, userId } of body<{
        numbers: { telephoneNumber: string; userId: string }[];
      }>(req).numbers ?? []) {
        const target = liveUser(tenant, userId);
        if (!target) throw new ControlError(404, `No user '${userId}'.`);
        assignNumber(tenant, numberRecord(tenant, telephoneNumber), target.id, 'primary');
        target.enterpriseVoiceEnabled = true;
      }
      return ok();
    })
    .add('POST', '/__sandbox/tenants/:tenantId/number-faults', (req) => {
      const input = body<Omit<NumberFault, 'remaining'> & { times?: number }>(req);
      if (!['fail', 'hang', 'skip'].includes(input.mode))
        throw new ControlError(400, "mode must be 'fail', 'hang' or 'skip'");
      tenantOf(store, req.params.tenantId).numberFaults.push({
        telephoneNumber: input.telephoneNumber,
        mode: input.mode,
        statusDetail: input.statusDetail,
        remaining: input.times ?? 1,
      });
      return ok();
    })
    .add('GET', '/__sandbox/tenants/:tenantId/teams', (req) => {
      const tenant = tenantOf(store, req.params.tenantId);
      settleOperations(store, tenant);
      const numbers = tenant.numbersByTarget;
      return ok({
        users: tenant.userList
          .filter((u) => !u.deleted)
          .map((u) => representTeamsUser(tenant, u, numbers)),
        numbers: [...tenant.numbers.values()],
        operations: [...tenant.operations.values()].map(
          ({ id, kind, telephoneNumber, targetId, status, statusDetail }) => ({
            id,
            kind,
            telephoneNumber,
            targetId,
            status,
            statusDetail,
          }),
        ),
      });
    });
}

type SandboxTenantPolicies = { policyType: string; name: string; policyId: string }[];
