import { createHmac, timingSafeEqual } from 'node:crypto';

/** The browser's session cookie: the same session token an API client sends as a bearer token. */
export const SESSION_COOKIE = 'tc_session';
/** The header a browser session must repeat its CSRF token in, on every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** The session token from a `Cookie` header, or '' when there is none. */
export function sessionCookieOf(cookieHeader: string | undefined): string {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return '';
}

/**
 * HttpOnly so page scripts never see the token; SameSite=Strict so other sites' pages do not send it;
 * Secure whenever the service is reached over HTTPS.
 */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Expires=${expiresAt.toUTCString()}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', new Date(0), secure);
}

/** A CSRF token bound to one session: pages read it from the API, other sites cannot. */
export function csrfTokenFor(sessionId: string, key: Buffer): string {
  return createHmac('sha256', key).update(sessionId).digest('base64url');
}

export function csrfTokenMatches(sessionId: string, key: Buffer, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const want = Buffer.from(csrfTokenFor(sessionId, key));
  const got = Buffer.from(given);
  return want.length === got.length && timingSafeEqual(want, got);
}
