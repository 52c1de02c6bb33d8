import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { Router, readBody, send, SandboxRequest, SandboxResponse, json } from './http';
import { SandboxStore } from './state/store';
import { entraRoutes } from './entra/entra.routes';
import { pbxRoutes } from './pbx/pbx.routes';
import { GraphApi } from './graph/graph-api';
import { userWriteRoutes } from './graph/user-writes';
import { domainRoutes } from './graph/domains';
import { userRoutes } from './graph/users';
import { directoryRoutes } from './graph/directory';
import { teamsUserRoutes } from './graph/teams-users';
import { numberRoutes } from './graph/numbers';
import { policyRoutes } from './graph/policies';
import { roleAssignmentRoutes } from './graph/role-assignments';
import { tenantControlRoutes } from './control/tenants.control';
import { systemControlRoutes } from './control/system.control';
import { ControlError } from './control/control-helpers';
import { FaultFamily, faultAnswer, sleep, takeFault } from './faults';

export interface SandboxOptions {
  port?: number;
  cert: string;
  key: string;
}

export interface RunningSandbox {
  /** `https://localhost:<port>`: Entra, Graph (`/v1.0`), the PBX (`/pbx`) and control (`/__sandbox`). */
  origin: string;
  port: number;
  store: SandboxStore;
  close(): Promise<void>;
}

/** One HTTPS server standing in for Microsoft Entra, Microsoft Graph and a cloud PBX. */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const store = new SandboxStore();
  // Graph and Entra emit absolute links, so they are built once the port (and origin) is known.
  const routes: { graph?: GraphApi; entra?: Router } = {};
  const pbx = pbxRoutes(store);
  const control = new Router();
  tenantControlRoutes(store, control);
  systemControlRoutes(store, control);

  const server: Server = createServer({ cert: options.cert, key: options.key }, (incoming, res) => {
    void (async () => {
      const url = new URL(incoming.url ?? '/', 'https://sandbox.invalid');
      const req: SandboxRequest = {
        method: (incoming.method ?? 'GET').toUpperCase(),
        path: safeDecode(url.pathname),
        query: url.searchParams,
        headers: incoming.headers,
        rawBody: await readBody(incoming),
        params: {},
        requestId: randomUUID(),
      };
      const family: FaultFamily = req.path.startsWith('/pbx')
        ? 'pbx'
        : /^\/(v1\.0|beta)(\/|$)/i.test(req.path)
          ? 'graph'
          : 'entra';
      let answer: SandboxResponse;
      try {
        if (req.path.startsWith('/__sandbox/')) {
          answer = await route(control, req);
        } else {
          const fault = takeFault(store, req.method, req.path);
          if (fault?.delayMs) await sleep(fault.delayMs);
          const injected = fault && faultAnswer(req, fault, family);
          answer =
            injected ??
            (family === 'graph'
              ? await routes.graph!.handle(req)
              : await route(family === 'pbx' ? pbx : routes.entra!, req));
          store.log({
            method: req.method,
            path: req.path,
            query: url.search,
            status: answer.status,
            tenantId: answer.log?.tenantId,
            clientId: answer.log?.clientId,
            retryAttempt: headerValue(req.headers['retry-attempt']),
            body: answer.log?.body,
          });
        }
      } catch (error) {
        answer =
          error instanceof ControlError
            ? json(error.status, { error: error.message })
            : json(500, { error: String((error as Error).stack ?? error) });
      }
      send(res, {
        ...answer,
        headers: {
          'request-id': req.requestId,
          'client-request-id': headerValue(req.headers['client-request-id']) ?? req.requestId,
          ...(answer.headers ?? {}),
        },
      });
    })();
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `https://localhost:${port}`;
  routes.graph = new GraphApi(store, origin, [
    ...userRoutes(),
    ...userWriteRoutes(),
    ...domainRoutes(),
    ...directoryRoutes(),
    ...roleAssignmentRoutes(),
    ...teamsUserRoutes(),
    ...numberRoutes(),
    ...policyRoutes(),
  ]);
  routes.entra = entraRoutes(store, origin);
  return {
    origin,
    port,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function route(router: Router, req: SandboxRequest): Promise<SandboxResponse> {
  const match = router.match(req.method, req.path);
  if (!match) return json(404, { error: `No sandbox route for ${req.method} ${req.path}` });
  req.params = match.params;
  return match.handler(req);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
