import { json, SandboxRequest, SandboxResponse } from '../http';

/** Graph's error envelope, with the request id repeated inside as Graph does. */
export function graphError(
  req: SandboxRequest,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): SandboxResponse {
  return json(
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().slice(0, 19),
          'request-id': req.requestId,
          'client-request-id': req.headers['client-request-id'] ?? req.requestId,
        },
      },
    },
    headers,
  );
}

export class GraphFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'Request_BadRequest') =>
  new GraphFailure(400, code, message);
export const unsupportedQuery = (message = 'Unsupported Query.') =>
  new GraphFailure(400, 'Request_UnsupportedQuery', message);
export const notFound = (message: string, code = 'Request_ResourceNotFound') =>
  new GraphFailure(404, code, message);
