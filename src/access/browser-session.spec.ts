import {
  changesState,
  clearedSessionCookie,
  csrfTokenFor,
  csrfTokenMatches,
  sessionCookie,
  sessionCookieOf,
} from './browser-session';

describe('browser session cookie and CSRF token', () => {
  const key = Buffer.alloc(32, 7);

  it('is Secure exactly when the service is reached over HTTPS', () => {
    const expires = new Date('2026-12-01T12:00:00Z');
    expect(sessionCookie('tok', expires, true)).toBe(
      'tc_session=tok; Path=/; HttpOnly; SameSite=Strict; Expires=Tue, 01 Dec 2026 12:00:00 GMT; Secure',
    );
    expect(sessionCookie('tok', expires, false)).not.toContain('Secure');
    expect(clearedSessionCookie(true)).toMatch(
      /^tc_session=; .*Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure$/,
    );
  });

  it('finds the session among other cookies, and nothing in a header without it', () => {
    expect(sessionCookieOf('a=1; tc_session=abc-_9; b=2')).toBe('abc-_9');
    expect(sessionCookieOf('tc_session_x=1; xtc_session=2')).toBe('');
    expect(sessionCookieOf(undefined)).toBe('');
  });

  it('binds the CSRF token to one session and one key', () => {
    const token = csrfTokenFor('session-1', key);
    expect(csrfTokenMatches('session-1', key, token)).toBe(true);
    expect(csrfTokenMatches('session-2', key, token)).toBe(false);
    expect(csrfTokenMatches('session-1', Buffer.alloc(32, 8), token)).toBe(false);
    expect(csrfTokenMatches('session-1', key, [token])).toBe(false);
    expect(csrfTokenMatches('session-1', key, token.slice(1))).toBe(false);
  });

  it('asks for the token on every method but the safe ones', () => {
    expect(['GET', 'HEAD', 'OPTIONS'].map(changesState)).toEqual([false, false, false]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE', 'post'].map(changesState)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });
});
