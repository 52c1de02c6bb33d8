import {
  AuthenticationHandler,
  Client,
  Context,
  HTTPMessageHandler,
  Middleware,
  RedirectHandler,
  RedirectHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { MicrosoftSettings } from '../config/microsoft.config';
import { classifyGraphError, MicrosoftError } from './microsoft-error';
import { retryAfterMs, ThrottleGate } from './throttle-gate';
import { TokenProvider } from './token-provider';

const GRAPH_HOSTS = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
]);

/**
 * How many times one Graph call is sent at most while Microsoft throttles it or is unavailable.
 * This is the only retry layer for Graph calls: graph-client's own retry handler is left out of
 * the chain, and callers above do not try a call again.
 */
export const GRAPH_CALL_SENDS = 5;
const BACKOFF_BASE_MS = 1_000;

/** Exponential backoff with full jitter, never shorter than what Microsoft asked for. */
function backoffMs(send: number, retryAfter?: number, random = Math.random): number {
  const exponential = BACKOFF_BASE_MS * 2 ** (send - 1);
  return Math.max(retryAfter ?? 0, exponential / 2 + random() * (exponential / 2));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds each request at the tenant's gate, and closes the gate when Graph throttles. */
class GateMiddleware implements Middleware {
  private next?: Middleware;

  constructor(private readonly gate: ThrottleGate) {}

  async execute(context: Context): Promise<void> {
    await this.gate.wait();
    await this.next!.execute(context);
    if (context.response?.status === 429)
      this.gate.pause(retryAfterMs(context.response.headers.get('retry-after')));
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** The real graph-client, one per customer tenant with its throttle gate, and the one way to call it. */
export class GraphClients {
  private readonly clients = new Map<string, { client: Client; gate: ThrottleGate }>();

  constructor(
    private readonly settings: MicrosoftSettings,
    private readonly tokens: TokenProvider,
  ) {}

  /**
   * Runs a Graph request, sent up to `sends` times in all while Microsoft throttles it or is
   * unavailable. Every failure comes out as a classified MicrosoftError.
   */
  async call<T>(
    microsoftTenantId: string,
    request: (client: Client) => Promise<T>,
    sends = GRAPH_CALL_SENDS,
  ): Promise<T> {
    // graph-client keeps only the name and message of an error from the token provider, so the
    // token is fetched first (an MSAL cache hit after the first call) to keep its classification.
    await this.tokens.appToken(microsoftTenantId);
    const { client } = this.entry(microsoftTenantId);
    for (let send = 1; ; send++) {
      try {
        return await request(client);
      } catch (error) {
        const failure = classifyGraphError(error);
        if (!(await this.mayResend(failure, send, sends))) throw failure;
      }
    }
  }

  /**
   * Whether a send that failed may go again, having waited what it takes: a 429 has already
   * closed the tenant's gate for its Retry-After, other transient failures back off.
   */
  async mayResend(failure: MicrosoftError, send: number, sends = GRAPH_CALL_SENDS) {
    if (failure.kind !== 'transient' || send >= sends) return false;
    if (failure.details.status !== 429) await sleep(backoffMs(send, failure.details.retryAfterMs));
    return true;
  }

  /** 429s seen across every tenant since start. */
  throttledSoFar(): number {
    let total = 0;
    for (const { gate } of this.clients.values()) total += gate.throttled;
    return total;
  }

  /** The tenant's gate: `$batch` items throttled inside a 200 answer close it too. */
  gate(microsoftTenantId: string): ThrottleGate {
    return this.entry(microsoftTenantId).gate;
  }

  private entry(microsoftTenantId: string) {
    let entry = this.clients.get(microsoftTenantId);
    if (!entry) {
      const host = new URL(this.settings.graphBaseUrl).hostname;
      const gate = new ThrottleGate();
      const client = Client.initWithMiddleware({
        baseUrl: `${this.settings.graphBaseUrl}/`,
        // graph-client sends the token only to hosts it knows; a configured Graph host must be named.
        customHosts: GRAPH_HOSTS.has(host) ? undefined : new Set([host]),
        middleware: [
          new AuthenticationHandler({
            getAccessToken: () => this.tokens.appToken(microsoftTenantId),
          }),
          new RedirectHandler(new RedirectHandlerOptions()),
          new TelemetryHandler(),
          new GateMiddleware(gate),
          new HTTPMessageHandler(),
        ],
      });
      entry = { client, gate };
      this.clients.set(microsoftTenantId, entry);
    }
    return entry;
  }
}
