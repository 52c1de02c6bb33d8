import { EnvReader } from './env-reader';

/** Microsoft endpoints are configuration: that is how national clouds and the sandbox work. */
export function readMicrosoftConfig(env: EnvReader) {
  return {
    authorityHost: env.url('MICROSOFT_AUTHORITY_HOST', 'https://login.microsoftonline.com', [
      'https:',
    ]),
    graphBaseUrl: env.url('MICROSOFT_GRAPH_BASE_URL', 'https://graph.microsoft.com', ['https:']),
    clientId: env.optionalGuid('MICROSOFT_CLIENT_ID'),
    clientSecret: env.secret('MICROSOFT_CLIENT_SECRET'),
    certificatePath: env.optional('MICROSOFT_CLIENT_CERTIFICATE_PATH'),
    certificateKeyPath: env.optional('MICROSOFT_CLIENT_CERTIFICATE_KEY_PATH'),
    /**
     * Teams' limit per customer tenant, requests per second towards the Teams APIs, GETs and the
     * rest each (Microsoft documents 30); each lane is paced just under it (TenantThrottle).
     */
    teamsRequestsPerSecond: env.int('TEAMS_REQUESTS_PER_SECOND', 30, 1, 1000),
  };
}

export type MicrosoftSettings = ReturnType<typeof readMicrosoftConfig>;
