import type { TestHttpApp } from './http-app';
import { TEST_APP } from './test-sandbox';

/** Where the administrator's browser ended, and the stops it made on the way. */
export interface ConsentJourney {
  /** The status and body of the last page (the service's outcome page, or Entra's error page). */
  status: number;
  text: string;
  /** Path and query of the service's callback after the sign-in, when Microsoft sent it back. */
  signInCallback: string | null;
  /** The admin consent URL the service sent the administrator on to. */
  adminConsentUrl: URL | null;
  /** Path and query of the service's callback after the consent. */
  consentCallback: string | null;
}

const inApp = (location: string) => {
  const url = new URL(location);
  if (`${url.origin}${url.pathname}` !== TEST_APP.redirectUri)
    throw new Error(`Microsoft redirected to ${url.origin}${url.pathname}, not the callback`);
  return `${url.pathname}${url.search}`;
};

/**
 * Follows a "Connect Microsoft 365" link as the administrator's browser would: Microsoft's
 * sign-in, the service's callback, the admin consent, the callback again. Who signs in and what
 * they click is set on the sandbox beforehand; `tamper` changes the consent's redirect as an
 * attacker holding it could.
 */
export async function walkConsent(
  t: TestHttpApp,
  consentUrl: string,
  options: { tamper?: (callback: URL) => void } = {},
): Promise<ConsentJourney> {
  const journey: ConsentJourney = {
    status: 0,
    text: '',
    signInCallback: null,
    adminConsentUrl: null,
    consentCallback: null,
  };
  const signIn = await fetch(consentUrl, { redirect: 'manual' });
  if (signIn.status !== 302)
    return { ...journey, status: signIn.status, text: await signIn.text() };
  journey.signInCallback = inApp(signIn.headers.get('location')!);
  const afterSignIn = await t.http().get(journey.signInCallback);
  if (afterSignIn.status !== 302)
    return { ...journey, status: afterSignIn.status, text: afterSignIn.text };

  journey.adminConsentUrl = new URL(afterSignIn.headers.location);
  const consent = await fetch(journey.adminConsentUrl, { redirect: 'manual' });
  if (consent.status !== 302)
    return { ...journey, status: consent.status, text: await consent.text() };
  const callback = new URL(consent.headers.get('location')!);
  options.tamper?.(callback);
  journey.consentCallback = inApp(callback.toString());
  const outcome = await t.http().get(journey.consentCallback);
  return { ...journey, status: outcome.status, text: outcome.text };
}
