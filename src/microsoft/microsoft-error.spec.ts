import { classifyGraphError, classifyTokenError } from './microsoft-error';

describe('classifyTokenError (MSAL ServerError)', () => {
  it.each([
    [{ errorCode: 'unauthorized_client', errorNo: 700016, status: 400 }, 'auth_revoked'],
    [{ errorCode: 'invalid_client', errorNo: 7000229, status: 400 }, 'auth_revoked'],
    [{ errorCode: 'invalid_grant', errorNo: '65001', status: 400 }, 'auth_revoked'],
    [{ errorCode: 'invalid_client', errorNo: 7000215, status: 401 }, 'invalid_credentials'],
    [{ errorCode: 'invalid_client', errorNo: 7000222, status: 401 }, 'invalid_credentials'],
    [{ errorCode: 'invalid_client', errorNo: 700027, status: 401 }, 'invalid_credentials'],
    [{ errorCode: 'invalid_request', errorNo: 90002, status: 400 }, 'not_found'],
    [{ errorCode: 'temporarily_unavailable', errorNo: 90033, status: 503 }, 'transient'],
    [{ errorCode: 'server_error', status: 500 }, 'transient'],
    [{ errorCode: 'network_error' }, 'transient'],
    [{ errorCode: 'invalid_scope', errorNo: 70011, status: 400 }, 'permanent'],
  ])('%j is %s', (error, kind) => {
    expect(classifyTokenError(error).kind).toBe(kind);
  });
});

describe('classifyGraphError (graph-client GraphError)', () => {
  const headers = (retryAfter?: string) => ({
    get: (name: string) => (name === 'retry-after' ? (retryAfter ?? null) : null),
  });
  it.each([
    [{ statusCode: 401, code: 'InvalidAuthenticationToken' }, 'auth_revoked'],
    [{ statusCode: 403, code: 'Authorization_RequestDenied' }, 'insufficient_permissions'],
    [{ statusCode: 404, code: 'Request_ResourceNotFound' }, 'not_found'],
    [{ statusCode: 409, code: 'Conflict' }, 'conflict'],
    [{ statusCode: 429, code: 'UnknownError' }, 'transient'],
    [{ statusCode: 503, code: 'serviceNotAvailable' }, 'transient'],
    [{ statusCode: -1 }, 'transient'],
    [{ statusCode: 400, code: 'Request_BadRequest' }, 'permanent'],
    [{ statusCode: 400, code: 'syncStateNotFound' }, 'delta_expired'],
    [{ statusCode: 400, code: 'SyncStateNotFound' }, 'delta_expired'],
    [{ statusCode: 410, code: 'resyncRequired' }, 'delta_expired'],
  ])('%j is %s', (error, kind) => {
    expect(classifyGraphError(error).kind).toBe(kind);
  });

  it('keeps Retry-After, whatever the error code says', () => {
    expect(
      classifyGraphError({ statusCode: 429, code: 'activityLimitReached', headers: headers('7') })
        .details.retryAfterMs,
    ).toBe(7000);
  });
});
