import type { FormEvent } from 'react';
import { api, ok, useCsrfToken } from '../api';
import { ErrorNote } from '../components/feedback';
import { navigate, queryParam } from '../router';
import type { Me } from '../session';
import { useAction } from '../use-action';

/** Only paths of this app are followed after sign-in, never another site. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in')
    ? next
    : '/';
}

export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { busy, error, run } = useAction();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    return run('sign-in', async () => {
      const me = await ok(
        api.POST('/api/v1/auth/session', {
          body: { email: String(form.get('email')), password: String(form.get('password')) },
        }),
      );
      useCsrfToken(me.csrfToken);
      onSignedIn(me);
      navigate(safeNext(queryParam('next')), { replace: true });
    });
  };

  return (
    <main className="sign-in">
      <h1>Teams Connector</h1>
      <p>Sign in with the e-mail address your invitation was sent to.</p>
      {queryParam('next') ? (
        <p className="notice" role="status">
          Your session has ended or you are not signed in yet.
        </p>
      ) : null}
      <form onSubmit={submit}>
        <label>
          E-mail address
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" disabled={busy !== ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <ErrorNote error={error} />
      <p>
        {/* A page of the service, outside the dashboard: the link from the e-mail opens it too. */}
        <a href="/password-reset">Forgot your password?</a>
      </p>
    </main>
  );
}
