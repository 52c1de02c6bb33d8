import { IncomingMessage, ServerResponse } from 'node:http';

/** One parsed request as every sandbox route sees it. */
export interface SandboxRequest {
  method: string;
  /** Path without the query string, percent-decoded. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: string;
  params: Record<string, string>;
  /** Graph's `request-id`, also echoed inside error envelopes. */
  requestId: string;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** What the request log records beside method and path; never sent to the client. */
  log?: { tenantId?: string; clientId?: string; body?: unknown };
}

export type Handler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

interface Route<T> {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: T;
}

/** A tiny router: `:name` segments capture one path segment, `*name` captures the rest. */
export class Router<T = Handler> {
  private readonly routes: Route<T>[] = [];

  add(method: string, template: string, handler: T): this {
    const names: string[] = [];
    const source = template
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          names.push(segment.slice(1));
          return '([^/]+)';
        }
        if (segment.startsWith('*')) {
          names.push(segment.slice(1));
          return '(.*)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\$]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}$`, 'i'), names, handler });
    return this;
  }

  match(method: string, path: string): { handler: T; params: Record<string, string> } | null {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = found[i + 1]));
      return { handler: route.handler, params };
    }
    return null;
  }

  /** True when some route exists for the path under another method (for 405 answers). */
  hasPath(path: string): boolean {
    return this.routes.some((route) => route.pattern.test(path));
  }
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJson(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return Symbol.for('invalid-json');
  }
}

export function isInvalidJson(value: unknown): boolean {
  return value === Symbol.for('invalid-json');
}

export function send(res: ServerResponse, answer: SandboxResponse): void {
  const headers: Record<string, string> = { ...(answer.headers ?? {}) };
  let payload: string | undefined;
  if (typeof answer.body === 'string') {
    payload = answer.body;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (answer.body !== undefined) {
    payload = JSON.stringify(answer.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  res.writeHead(answer.status, headers);
  res.end(payload);
}

export function json(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): SandboxResponse {
  return { status, body, headers };
}

export function html(status: number, page: string): SandboxResponse {
  return { status, body: page, headers: { 'content-type': 'text/html; charset=utf-8' } };
}

export function redirect(location: string): SandboxResponse {
  return { status: 302, headers: { location } };
}
