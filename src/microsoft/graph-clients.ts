import { Client } from '@microsoft/microsoft-graph-client';
import { MicrosoftSettings } from '../config/microsoft.config';
import { classifyGraphError } from './microsoft-error';
import { TokenProvider } from './token-provider';

const GRAPH_HOSTS = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
]);

/** The real graph-client, one per customer tenant, and the one way to call it. */
export class GraphClients {
  private readonly clients = new Map<string, Client>();

  constructor(
    private readonly settings: MicrosoftSettings,
    private readonly tokens: TokenProvider,
  ) {}

  /** Runs a Graph request; every failure comes out as a classified MicrosoftError. */
  async call<T>(microsoftTenantId: string, request: (client: Client) => Promise<T>): Promise<T> {
    // graph-client keeps only the name and message of an error from the token provider, so the
    // token is fetched first (an MSAL cache hit after the first call) to keep its classification.
    await this.tokens.appToken(microsoftTenantId);
    try {
      return await request(this.client(microsoftTenantId));
    } catch (error) {
      throw classifyGraphError(error);
    }
  }

  private client(microsoftTenantId: string): Client {
    let client = this.clients.get(microsoftTenantId);
    if (!client) {
      const host = new URL(this.settings.graphBaseUrl).hostname;
      client = Client.initWithMiddleware({
        baseUrl: `${this.settings.graphBaseUrl}/`,
        // graph-client sends the token only to hosts it knows; a configured Graph host must be named.
        customHosts: GRAPH_HOSTS.has(host) ? undefined : new Set([host]),
        authProvider: { getAccessToken: () => this.tokens.appToken(microsoftTenantId) },
      });
      this.clients.set(microsoftTenantId, client);
    }
    return client;
  }
}
