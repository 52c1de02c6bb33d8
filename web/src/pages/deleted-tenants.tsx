import { api, ok } from '../api';
import { ErrorNote, when } from '../components/feedback';
import { Link } from '../router';
import { useLoad } from '../use-load';

/** The provider's deleted tenants, each restorable until its date. */
export function DeletedTenants() {
  const deleted = useLoad(
    () => ok(api.GET('/api/v1/tenants', { params: { query: { deleted: true } } })),
    'deleted-tenants',
  );
  if (deleted.error) return <ErrorNote error={deleted.error} />;
  if (!deleted.data || deleted.data.length === 0) return null;
  return (
    <>
      <h2>Deleted tenants</h2>
      <p className="muted">
        Restorable with their settings and mappings until the date shown; purged after.
      </p>
      <ul className="cards" aria-label="Deleted tenants">
        {deleted.data.map((t) => (
          <li key={t.id}>
            <Link to={`/tenants/${t.id}`}>{t.name}</Link>
            <span>Restorable until {when(t.deletion?.restorableUntil)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
