import Redis from 'ioredis';

/** ioredis with BullMQ's needs: workers block, so they must never give up on a command. */
export function createRedis(url: string, purpose: 'commands' | 'worker'): Redis {
  return new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: purpose === 'worker' ? null : 2,
    enableReadyCheck: true,
    connectionName: `teams-connector:${purpose}`,
  });
}

/** A Redis or PostgreSQL URL fit for messages: the password is replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(unparseable URL)';
  }
}
