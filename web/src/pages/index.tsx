import { match, Redirect } from '../router';
import { useMe } from '../session';
import { Fleet } from './fleet';
import { NewTenant } from './new-tenant';
import { Operators } from './operators';
import { RunDetail } from './run-detail';
import { TENANT_TABS, TenantPage } from './tenant';
import { Tenants } from './tenants';

export function Pages({ path }: { path: string }) {
  const me = useMe();
  if (match('/', path))
    return <Redirect to={me.role === 'provider_admin' ? '/fleet' : '/tenants'} />;
  if (match('/fleet', path)) return <Fleet />;
  if (match('/tenants', path)) return <Tenants />;
  if (match('/tenants/new', path)) return <NewTenant />;
  if (match('/operators', path) && me.role === 'provider_admin') return <Operators />;
  const overview = match('/tenants/:id', path);
  if (overview) return <TenantPage tenantId={overview.id} tab="overview" />;
  for (const tab of TENANT_TABS) {
    const found = match(`/tenants/:id/${tab}`, path);
    if (found) return <TenantPage tenantId={found.id} tab={tab} />;
  }
  const run = match('/runs/:runId', path);
  if (run) return <RunDetail runId={run.runId} />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>There is no page at this address.</p>
    </section>
  );
}
