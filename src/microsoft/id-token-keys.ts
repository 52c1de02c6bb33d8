import { createPublicKey, KeyObject, verify } from 'node:crypto';
import { MicrosoftError } from './microsoft-error';

const KEYS_TTL_MS = 24 * 3600_000;
const CLOCK_SKEW_S = 300;

interface Discovery {
  issuer: string;
  jwksUri: string;
}

export interface IdTokenClaims {
  tid?: unknown;
  oid?: unknown;
  preferred_username?: unknown;
  wids?: unknown;
  nonce?: unknown;
  aud?: unknown;
  iss?: unknown;
  exp?: unknown;
}

const invalid = (why: string) =>
  new MicrosoftError('permanent', `Microsoft's ID token was not accepted: ${why}.`);

/**
 * Checks an ID token against the signing keys its tenant publishes (`jwks_uri` from the tenant's
 * OpenID configuration), plus issuer, audience and expiry. MSAL reads the claims but does not
 * check the signature; this does, so the tenant id rests on Microsoft's signature alone.
 */
export class IdTokenKeys {
  private readonly keys = new Map<string, { fetchedAt: number; byKid: Map<string, KeyObject> }>();

  constructor(
    private readonly authorityHost: string,
    private readonly clientId: string,
  ) {}

  async verify(idToken: string): Promise<IdTokenClaims> {
    const [headerPart, payloadPart, signaturePart, extra] = idToken.split('.');
    if (!headerPart || !payloadPart || !signaturePart || extra !== undefined)
      throw invalid('it is not a signed JWT');
    const header = parseJson(headerPart) as { alg?: unknown; kid?: unknown };
    const claims = parseJson(payloadPart) as IdTokenClaims;
    if (header.alg !== 'RS256' || typeof header.kid !== 'string')
      throw invalid('it is not signed with RS256 and a key id');
    if (typeof claims.tid !== 'string') throw invalid('it names no tenant');

    const discovery = await this.discover(claims.tid);
    const key = await this.key(discovery.jwksUri, header.kid);
    const signed = verify(
      'sha256',
      Buffer.from(`${headerPart}.${payloadPart}`),
      key,
      Buffer.from(signaturePart, 'base64url'),
    );
    if (!signed) throw invalid('its signature does not match the published key');
    if (claims.iss !== discovery.issuer) throw invalid(`its issuer is not ${discovery.issuer}`);
    if (claims.aud !== this.clientId) throw invalid('it was issued to another application');
    if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_S < Date.now() / 1000)
      throw invalid('it has expired');
    return claims;
  }

  private async discover(tenantId: string): Promise<Discovery> {
    const url = `${this.authorityHost}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`;
    const body = (await getJson(url)) as { issuer?: unknown; jwks_uri?: unknown };
    if (typeof body.issuer !== 'string' || typeof body.jwks_uri !== 'string')
      throw invalid("the tenant's OpenID configuration names no issuer or keys");
    return { issuer: body.issuer, jwksUri: body.jwks_uri };
  }

  /** A key by id; the set is fetched again when it is a day old or lacks the id (keys roll over). */
  private async key(jwksUri: string, kid: string): Promise<KeyObject> {
    const cached = this.keys.get(jwksUri);
    const fresh = cached && Date.now() - cached.fetchedAt < KEYS_TTL_MS;
    const found = fresh ? cached.byKid.get(kid) : undefined;
    if (found) return found;
    const body = (await getJson(jwksUri)) as { keys?: { kid?: string; kty?: string }[] };
    const byKid = new Map<string, KeyObject>();
    for (const jwk of body.keys ?? []) {
      if (jwk.kty !== 'RSA' || !jwk.kid) continue;
      byKid.set(jwk.kid, createPublicKey({ key: jwk as never, format: 'jwk' }));
    }
    this.keys.set(jwksUri, { fetchedAt: Date.now(), byKid });
    const key = byKid.get(kid);
    if (!key) throw invalid(`no published key has the id ${kid}`);
    return key;
  }
}

function parseJson(part: string): unknown {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value && typeof value === 'object') return value;
  } catch {
    // falls through to the refusal
  }
  throw invalid('it cannot be read');
}

async function getJson(url: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new MicrosoftError(
      'transient',
      `Microsoft's sign-in keys could not be read (${(error as Error).message}).`,
    );
  }
  if (!res.ok)
    throw new MicrosoftError(
      res.status >= 500 || res.status === 429 ? 'transient' : 'permanent',
      `Microsoft's sign-in keys could not be read (HTTP ${res.status}).`,
      { status: res.status },
    );
  return res.json();
}
