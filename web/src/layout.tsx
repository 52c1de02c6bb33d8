import type { ReactNode } from 'react';
import { api, ok } from './api';
import { Link, navigate, usePath } from './router';
import { useMe } from './session';

const ROLE_NAMES = {
  provider_admin: 'Provider admin',
  tenant_admin: 'Tenant admin',
  member: 'Member (read-only)',
} as const;

export function Layout({
  children,
  onSignedOut,
}: {
  children: ReactNode;
  onSignedOut: () => void;
}) {
  const me = useMe();
  const path = usePath();
  const signOut = async () => {
    await ok(api.DELETE('/api/v1/auth/session'));
    onSignedOut();
    navigate('/sign-in', { replace: true });
  };
  return (
    <>
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          Teams Connector
        </Link>
        <nav aria-label="Main">
          {me.role === 'provider_admin' ? (
            <Link to="/fleet" current={path.startsWith('/fleet')}>
              Fleet
            </Link>
          ) : null}
          <Link to="/tenants" current={path.startsWith('/tenants')}>
            Tenants
          </Link>
          {me.role === 'provider_admin' ? (
            <Link to="/operators" current={path.startsWith('/operators')}>
              Operators
            </Link>
          ) : null}
        </nav>
        <span className="who">
          {me.name} · {ROLE_NAMES[me.role]}
        </span>
        <button type="button" className="quiet" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="content">{children}</main>
    </>
  );
}
