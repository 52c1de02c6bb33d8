import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, ok, useCsrfToken } from './api';
import { Loading } from './components/feedback';
import { Layout } from './layout';
import { Pages } from './pages';
import { SignIn } from './pages/sign-in';
import { currentPath, match, navigate, Redirect, usePath } from './router';
import { type Me, SessionContext } from './session';
import './styles.css';

/** Sign-in, and back to the page asked for afterwards; the start page needs no way back. */
function signInFrom(path: string): string {
  return path === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(path)}`;
}

function App() {
  const path = usePath();
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  useEffect(() => {
    if (match('/sign-in', path)) return;
    if (me) return;
    ok(api.GET('/api/v1/auth/me')).then(
      (who) => {
        useCsrfToken(who.csrfToken);
        setMe(who);
      },
      () => setMe(null),
    );
  }, [path, me]);

  useEffect(() => {
    // Any call answered 401: the session has ended; sign in again and come back here.
    const ended = () => {
      setMe(null);
      navigate(signInFrom(currentPath()), { replace: true });
    };
    window.addEventListener('session-ended', ended);
    return () => window.removeEventListener('session-ended', ended);
  }, []);

  if (match('/sign-in', path)) return <SignIn onSignedIn={setMe} />;
  if (me === null) return <Redirect to={signInFrom(path)} />;
  if (me === undefined) return <Loading what="your session" />;
  return (
    <SessionContext.Provider value={me}>
      <Layout onSignedOut={() => setMe(null)}>
        <Pages path={path} />
      </Layout>
    </SessionContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
