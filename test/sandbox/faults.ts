import { json, SandboxRequest, SandboxResponse } from './http';
import { SandboxStore } from './state/store';
import { Fault } from './state/types';
import { graphError } from './graph/graph-errors';

export type FaultFamily = 'graph' | 'entra' | 'pbx';

/** Takes one use of the first fault that matches, or null. */
export function takeFault(store: SandboxStore, method: string, path: string): Fault | null {
  const fault = store.faults.find(
    (f) =>
      f.remaining > 0 &&
      (!f.method || f.method.toUpperCase() === method) &&
      new RegExp(f.path, 'i').test(path),
  );
  if (!fault) return null;
  fault.remaining--;
  return fault;
}

/** The answer an injected fault gives, shaped like the service it stands in for. */
export function faultAnswer(
  req: SandboxRequest,
  fault: Fault,
  family: FaultFamily,
): SandboxResponse | null {
  if (!fault.status) return null;
  const headers: Record<string, string> =
    fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
  const code = fault.code ?? defaultCode(fault.status);
  if (family === 'graph')
    return graphError(req, fault.status, code, `Injected fault: ${code}.`, headers);
  if (family === 'entra') {
    return json(
      fault.status,
      {
        error: 'temporarily_unavailable',
        error_description: `AADSTS90033: ${code}`,
        error_codes: [90033],
      },
      headers,
    );
  }
  return json(fault.status, { errorCode: code, message: `Injected fault: ${code}.` }, headers);
}

function defaultCode(status: number): string {
  if (status === 429) return 'TooManyRequests';
  if (status === 503) return 'serviceNotAvailable';
  if (status === 504) return 'gatewayTimeout';
  return 'UnknownError';
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
