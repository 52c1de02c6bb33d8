import { createHash, createHmac } from 'node:crypto';

/** What binds Microsoft's answer to one consent request: the ID token's nonce and the PKCE pair. */
export interface ConsentProofs {
  nonce: string;
  codeVerifier: string;
  codeChallenge: string;
}

/**
 * Derived from the request id with a key only this service holds, so nothing secret is stored and
 * nobody else can compute them; the request itself is single-use and expires.
 */
export function consentProofs(requestId: string, key: Buffer): ConsentProofs {
  const derive = (purpose: string) =>
    createHmac('sha256', key).update(`${purpose}:${requestId}`).digest('base64url');
  const codeVerifier = derive('pkce-verifier');
  return {
    nonce: derive('nonce'),
    codeVerifier,
    codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url'),
  };
}
