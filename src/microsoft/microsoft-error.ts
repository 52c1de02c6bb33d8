/**
 * Every failure from Microsoft, classified once at the adapter, by HTTP status, OAuth/Graph code
 * and AADSTS number, never by message text. Retry policy is decided on `kind` elsewhere.
 */
export type MicrosoftErrorKind =
  | 'not_configured' // this service has no app registration configured
  | 'invalid_credentials' // our own client secret or certificate was refused
  | 'auth_revoked' // the customer's consent is missing or was withdrawn
  | 'insufficient_permissions' // consent lacks an app role the call needs
  | 'not_found'
  | 'conflict'
  | 'delta_expired' // the delta token is too old or was reset: read everything again
  | 'transient' // throttling, outages, timeouts: retry later
  | 'permanent';

export class MicrosoftError extends Error {
  constructor(
    readonly kind: MicrosoftErrorKind,
    message: string,
    readonly details: {
      status?: number;
      code?: string;
      aadsts?: number;
      retryAfterMs?: number;
    } = {},
  ) {
    super(message);
    this.name = 'MicrosoftError';
  }
}

const REVOKED_AADSTS = new Set([700016, 7000229, 65001, 500011]);
const CREDENTIAL_AADSTS = new Set([7000215, 7000222, 700027, 7000218, 700024]);

interface MsalLikeError {
  errorCode?: string;
  errorNo?: string | number;
  status?: number;
  errorMessage?: string;
}

export function classifyTokenError(error: unknown): MicrosoftError {
  const e = (error ?? {}) as MsalLikeError;
  const aadsts = e.errorNo === undefined || e.errorNo === '' ? undefined : Number(e.errorNo);
  const details = { status: e.status, code: e.errorCode, aadsts };
  const label = aadsts ? `AADSTS${aadsts}` : (e.errorCode ?? 'unknown error');
  if ((aadsts && REVOKED_AADSTS.has(aadsts)) || e.errorCode === 'unauthorized_client') {
    return new MicrosoftError(
      'auth_revoked',
      `The app is not (or no longer) consented in this Microsoft 365 tenant (${label}).`,
      details,
    );
  }
  if ((aadsts && CREDENTIAL_AADSTS.has(aadsts)) || e.errorCode === 'invalid_client') {
    return new MicrosoftError(
      'invalid_credentials',
      `Microsoft refused the connector's own client credential (${label}); the provider must fix the app registration's secret or certificate.`,
      details,
    );
  }
  if (aadsts === 90002)
    return new MicrosoftError(
      'not_found',
      `Microsoft does not know this tenant (${label}).`,
      details,
    );
  if (
    e.status === 429 ||
    (e.status !== undefined && e.status >= 500) ||
    e.errorCode === 'temporarily_unavailable' ||
    e.errorCode === 'network_error' ||
    aadsts === 90033
  ) {
    return new MicrosoftError(
      'transient',
      `Microsoft's sign-in service is unavailable for now (${label}).`,
      details,
    );
  }
  return new MicrosoftError(
    'permanent',
    `Microsoft refused the token request (${label}).`,
    details,
  );
}

interface GraphLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
  headers?: { get?(name: string): string | null };
}

export function classifyGraphError(error: unknown): MicrosoftError {
  if (error instanceof MicrosoftError) return error;
  const e = (error ?? {}) as GraphLikeError;
  const status = e.statusCode;
  const retryAfter = Number(e.headers?.get?.('retry-after'));
  const details = {
    status,
    code: e.code,
    retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
  };
  const label = `${status ?? 'no response'}${e.code ? ` ${e.code}` : ''}`;
  if (
    status === 410 ||
    (status === 400 && /^syncState(NotFound|Invalid)$|^resyncRequired$/i.test(e.code ?? ''))
  ) {
    return new MicrosoftError(
      'delta_expired',
      `The delta token can no longer be used (${label}); a full read follows.`,
      details,
    );
  }
  if (status === 401)
    return new MicrosoftError(
      'auth_revoked',
      `Microsoft Graph no longer accepts the app's token (${label}).`,
      details,
    );
  if (status === 403)
    return new MicrosoftError(
      'insufficient_permissions',
      `The consent lacks a permission this call needs (${label}).`,
      details,
    );
  if (status === 404)
    return new MicrosoftError('not_found', `Not found in Microsoft Graph (${label}).`, details);
  if (status === 409)
    return new MicrosoftError(
      'conflict',
      `Microsoft Graph reported a conflict (${label}).`,
      details,
    );
  if (status === undefined || status <= 0 || status === 429 || status >= 500) {
    return new MicrosoftError(
      'transient',
      `Microsoft Graph is unavailable or throttling for now (${label}).`,
      details,
    );
  }
  return new MicrosoftError(
    'permanent',
    `Microsoft Graph refused the request (${label}).`,
    details,
  );
}
