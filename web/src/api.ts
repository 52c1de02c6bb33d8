import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../generated/api';

export type Schemas = components['schemas'];

/** An answer of the API that is not a success: its sentence, its stable code, what was wrong. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken = '';
/** The session's CSRF token, repeated on every request that changes something. */
export function useCsrfToken(token: string): void {
  csrfToken = token;
}

const session: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
  onResponse({ response, request }) {
    // A session that ended sends the user to sign in, and back here afterwards.
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/v1/auth/')) {
      window.dispatchEvent(new Event('session-ended'));
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(session);

/** The data of a call, or an ApiError carrying the API's own sentence. */
export async function ok<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  throw asApiError(error, response);
}

function asApiError(body: unknown, response: Response): ApiError {
  const e = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)
    ?.error;
  return new ApiError(
    e?.message ?? `The service answered ${response.status} ${response.statusText}.`,
    e?.code ?? 'UNKNOWN',
    response.status,
    e?.details,
  );
}

/** Anything a call threw, as an ApiError: a failed fetch becomes one too. */
export function asError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(String(error), 'UNKNOWN', 0);
}
