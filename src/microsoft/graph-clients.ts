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
import { GraphMetrics } from './graph-metrics';
import { classifyGraphError, MicrosoftError } from './microsoft-error';
import { GRAPH_LANES, laneOf, TenantThrottle } from './tenant-throttle';
import { retryAfterMs } from './throttle-gate';
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

/**
 * Paces each request in its lane of the tenant's throttle, and pauses the lane when Graph
 * throttles. A `$batch` envelope is paced by its items before it is sent (see sendBatch).
 */
class ThrottleMiddleware implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly throttle: TenantThrottle,
    private readonly metrics: GraphMetrics,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const batch = /\/\$batch(\?|$)/.test(url);
    const lane = laneOf(context.options?.method ?? 'GET', url);
    if (!batch) await this.throttle.before([lane]);
    try {
      await this.next!.execute(context);
    } catch (error) {
      this.metrics.answered(null);
      throw error;
    }
    const status = context.response?.status ?? null;
    // A `$batch` answered 200 counts its items, in sendBatch.
    if (!batch || status !== 200) this.metrics.answered(status);
    if (status === 429) {
      const ms = retryAfterMs(context.response!.headers.get('retry-after'));
      for (const paused of batch ? GRAPH_LANES : [lane]) this.throttle.throttled(paused, ms);
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** The real graph-client, one per customer tenant with its throttle, and the one way to call it. */
export class GraphClients {
  private readonly clients = new Map<string, { client: Client; throttle: TenantThrottle }>();

  constructor(
    private readonly settings: MicrosoftSettings,
    private readonly tokens: TokenProvider,
    readonly metrics: GraphMetrics,
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
   * paused its lane of the tenant's throttle for its Retry-After, other transient failures back off.
   */
  async mayResend(failure: MicrosoftError, send: number, sends = GRAPH_CALL_SENDS) {
    if (failure.kind !== 'transient' || send >= sends) return false;
    if (failure.details.status !== 429) await sleep(backoffMs(send, failure.details.retryAfterMs));
    return true;
  }

  /** The tenant's throttle: `$batch` items are paced by it, and pause it when throttled inside a 200 answer. */
  throttle(microsoftTenantId: string): TenantThrottle {
    return this.entry(microsoftTenantId).throttle;
  }

  private entry(microsoftTenantId: string) {
    let entry = this.clients.get(microsoftTenantId);
    if (!entry) {
      const host = new URL(this.settings.graphBaseUrl).hostname;
      const throttle = new TenantThrottle(this.settings.teamsRequestsPerSecond);
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
          new ThrottleMiddleware(throttle, this.metrics),
          new HTTPMessageHandler(),
        ],
      });
      entry = { client, throttle };
      this.clients.set(microsoftTenantId, entry);
    }
    return entry;
  }
}
