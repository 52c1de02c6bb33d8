import { api, ok } from '../api';
import { ErrorNote, Loading } from '../components/feedback';
import { Link } from '../router';
import { useMe } from '../session';
import { useLoad } from '../use-load';
import { DeletedTenants } from './deleted-tenants';

const CONSENT_WORDS = {
  none: 'Microsoft 365 not connected',
  pending: 'Waiting for consent',
  granted: 'Microsoft 365 connected',
  revoked: 'Consent revoked',
} as const;

export function Tenants() {
  const me = useMe();
  const tenants = useLoad(() => ok(api.GET('/api/v1/tenants')), 'tenants');
  return (
    <section>
      <div className="title-row">
        <h1>Tenants</h1>
        {me.role === 'provider_admin' ? (
          <Link to="/tenants/new" className="button">
            New tenant
          </Link>
        ) : null}
      </div>
      <ErrorNote error={tenants.error} />
      {!tenants.data ? (
        <Loading what="tenants" />
      ) : tenants.data.length === 0 ? (
        <p>You have no tenants yet.</p>
      ) : (
        <ul className="cards">
          {tenants.data.map((t) => (
            <li key={t.id}>
              <Link to={`/tenants/${t.id}`}>{t.name}</Link>
              <span>{CONSENT_WORDS[t.consent.state]}</span>
            </li>
          ))}
        </ul>
      )}
      {me.role === 'provider_admin' ? <DeletedTenants /> : null}
    </section>
  );
}
