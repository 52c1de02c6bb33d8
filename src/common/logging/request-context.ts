import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of one request or one job carries. */
export interface LogContext {
  correlationId: string;
  /** The client's address (behind a trusted proxy, the one it names). */
  clientAddress?: string;
  /** The signed-in operator making the request. */
  operatorId?: string;
  tenantId?: string;
  runId?: string;
  jobId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export function runWithContext<T>(context: LogContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): LogContext | undefined {
  return storage.getStore();
}
