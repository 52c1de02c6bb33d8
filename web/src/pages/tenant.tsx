import { api, ok } from '../api';
import { ErrorNote, Indicator, Loading } from '../components/feedback';
import { Link } from '../router';
import { useCanManage, useMe } from '../session';
import { useLoad } from '../use-load';
import { Activity } from './activity';
import { Admins } from './admins';
import { DirectRouting } from './direct-routing';
import { Failures } from './failures';
import { Onboarding } from './onboarding';
import { Runs } from './runs';
import { Settings } from './settings';
import { TenantDetails } from './tenant-details';
import { DeletedBanner, DeleteTenant } from './tenant-deletion';
import { Users } from './users';

const TABS = {
  overview: 'Overview',
  runs: 'Runs',
  failures: 'Failures',
  users: 'Users',
  settings: 'Settings',
  'direct-routing': 'Direct Routing',
  admins: 'Admins',
  activity: 'Activity',
} as const;
export type TenantTab = keyof typeof TABS;
/** The tabs that have an address of their own (the overview is the tenant's address). */
export const TENANT_TABS = Object.keys(TABS).filter((t) => t !== 'overview') as TenantTab[];

export function TenantPage({ tenantId, tab }: { tenantId: string; tab: TenantTab }) {
  const tenant = useLoad(
    () => ok(api.GET('/api/v1/tenants/{id}', { params: { path: { id: tenantId } } })),
    tenantId,
  );
  const status = useLoad(
    () => ok(api.GET('/api/v1/tenants/{id}/status', { params: { path: { id: tenantId } } })),
    tenantId,
    10_000,
  );
  const mayManage = useCanManage(tenantId);
  const me = useMe();
  if (tenant.error) return <ErrorNote error={tenant.error} />;
  if (!tenant.data) return <Loading what="the tenant" />;
  // A deleted tenant takes no change but its restore.
  const canManage = mayManage && !tenant.data.deletion;
  const refresh = () => {
    tenant.reload();
    status.reload();
  };
  return (
    <section>
      <div className="title-row">
        <h1>{tenant.data.name}</h1>
        {status.data ? (
          <p
            className="status-line"
            data-testid="indicator"
            data-colour={status.data.indicator.colour}
          >
            <Indicator
              colour={status.data.indicator.colour}
              message={status.data.indicator.message}
            />
          </p>
        ) : null}
      </div>
      {tenant.data.deletion ? <DeletedBanner tenant={tenant.data} onDone={refresh} /> : null}
      {!mayManage ? (
        <p className="notice" role="status">
          You have read-only access to this tenant.
        </p>
      ) : null}
      <nav className="tabs" aria-label="Tenant">
        {Object.entries(TABS)
          // The audit log is for the tenant's admins and the provider's.
          .filter(([key]) => key !== 'activity' || mayManage)
          .map(([key, label]) => (
            <Link
              key={key}
              to={key === 'overview' ? `/tenants/${tenantId}` : `/tenants/${tenantId}/${key}`}
              current={key === tab}
            >
              {label}
            </Link>
          ))}
      </nav>
      {tab === 'overview' ? (
        <Onboarding
          tenant={tenant.data}
          status={status.data}
          canManage={canManage}
          onChange={refresh}
        />
      ) : tab === 'runs' ? (
        <Runs tenantId={tenantId} />
      ) : tab === 'failures' ? (
        <Failures
          tenantId={tenantId}
          canManage={canManage}
          codes={status.data?.failures.byCode ?? []}
        />
      ) : tab === 'users' ? (
        <Users tenantId={tenantId} />
      ) : tab === 'settings' ? (
        <>
          <Settings tenant={tenant.data} canManage={canManage} onSaved={refresh} />
          {me.role === 'provider_admin' && !tenant.data.deletion ? (
            <>
              <TenantDetails tenant={tenant.data} onSaved={refresh} />
              <DeleteTenant
                tenant={tenant.data}
                syncedUsers={status.data?.users.synced ?? 0}
                onDone={refresh}
              />
            </>
          ) : null}
        </>
      ) : tab === 'direct-routing' ? (
        <DirectRouting tenantId={tenantId} canManage={canManage} />
      ) : tab === 'admins' ? (
        <Admins tenantId={tenantId} canManage={canManage} />
      ) : (
        <Activity tenantId={tenantId} />
      )}
    </section>
  );
}
