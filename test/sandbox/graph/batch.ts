import { randomUUID } from 'node:crypto';
import { json, SandboxRequest, SandboxResponse } from '../http';
import { faultAnswer, sleep, takeFault } from '../faults';
import { SandboxStore } from '../state/store';
import { graphError } from './graph-errors';

const MAX_REQUESTS = 20;

interface BatchItem {
  id?: unknown;
  method?: unknown;
  url?: unknown;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: unknown;
}

/**
 * JSON batching: at most 20 requests, relative URLs, each one authorised, throttled and faulted on
 * its own. The envelope answers 200 whatever the items do.
 */
export async function runBatch(
  store: SandboxStore,
  req: SandboxRequest,
  version: string,
  order: 'asRequested' | 'reversed',
  dispatch: (sub: SandboxRequest) => Promise<SandboxResponse>,
): Promise<SandboxResponse> {
  let requests: BatchItem[];
  try {
    requests = (JSON.parse(req.rawBody) as { requests: BatchItem[] }).requests;
  } catch {
    return graphError(req, 400, 'BadRequest', 'Invalid batch payload format.');
  }
  if (!Array.isArray(requests))
    return graphError(req, 400, 'BadRequest', 'Invalid batch payload format.');
  if (requests.length > MAX_REQUESTS) {
    return graphError(
      req,
      400,
      'BadRequest',
      `Number of requests in the batch exceeds the limit of ${MAX_REQUESTS}.`,
    );
  }
  const ids = requests.map((r) => String(r.id ?? '').toLowerCase());
  if (ids.some((id) => !id) || new Set(ids).size !== ids.length) {
    return graphError(req, 400, 'BadRequest', 'Batch request ids must be present and unique.');
  }
  const malformed = requests.find((r) => typeof r.method !== 'string' || typeof r.url !== 'string');
  if (malformed) {
    return graphError(
      req,
      400,
      'BadRequest',
      `Request '${String(malformed.id)}' needs a method and a url.`,
    );
  }
  const unknownDependency = requests
    .flatMap((r) => (Array.isArray(r.dependsOn) ? r.dependsOn.map(String) : []))
    .find((dep) => !ids.includes(dep.toLowerCase()));
  if (unknownDependency !== undefined) {
    return graphError(
      req,
      400,
      'BadRequest',
      `dependsOn names no request of the batch: '${unknownDependency}'.`,
    );
  }

  const statusById = new Map<string, number>();
  const responses = [];
  for (const item of requests) {
    const id = String(item.id);
    const answer = await runItem(store, req, version, item, statusById, dispatch);
    statusById.set(id.toLowerCase(), answer.status);
    responses.push({ id, status: answer.status, headers: answer.headers ?? {}, body: answer.body });
  }
  // Microsoft answers in any order; clients must match responses by id.
  return json(200, { responses: order === 'reversed' ? responses.reverse() : responses });
}

async function runItem(
  store: SandboxStore,
  outer: SandboxRequest,
  version: string,
  item: BatchItem,
  statusById: Map<string, number>,
  dispatch: (sub: SandboxRequest) => Promise<SandboxResponse>,
): Promise<SandboxResponse> {
  const itemError = (status: number, code: string, message: string) =>
    graphError(outer, status, code, message);
  const dependsOn = Array.isArray(item.dependsOn) ? item.dependsOn.map(String) : [];
  if (dependsOn.some((dep) => (statusById.get(dep.toLowerCase()) ?? 424) >= 400)) {
    return itemError(424, 'FailedDependency', 'A request this request depends on failed.');
  }
  // Relative to the version root, with or without the leading slash.
  const url = `/${String(item.url).replace(/^\//, '')}`;
  const versioned = /^\/(v1\.0|beta)(\/|$)/i.exec(url);
  if (versioned || /^\/https?:/i.test(url)) {
    const segment = versioned ? versioned[1] : url.split('/')[1];
    return itemError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
  }
  const headers = Object.fromEntries(
    Object.entries(item.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  if (item.body !== undefined && !headers['content-type']) {
    return itemError(400, 'BadRequest', 'Write request id requires a Content-Type header.');
  }
  const target = new URL(`https://batch.invalid/${version}${url}`);
  const sub: SandboxRequest = {
    method: String(item.method ?? 'GET').toUpperCase(),
    path: decodeURIComponent(target.pathname),
    query: target.searchParams,
    headers: { ...headers, authorization: outer.headers.authorization },
    rawBody: item.body === undefined ? '' : JSON.stringify(item.body),
    params: {},
    requestId: randomUUID(),
  };
  const fault = takeFault(store, sub.method, sub.path);
  if (fault?.delayMs) await sleep(fault.delayMs);
  const answer = (fault && faultAnswer(sub, fault, 'graph')) || (await dispatch(sub));
  store.log({
    method: sub.method,
    path: sub.path,
    query: target.search,
    status: answer.status,
    batchItem: true,
    tenantId: answer.log?.tenantId,
    clientId: answer.log?.clientId,
    body: answer.log?.body,
  });
  return answer;
}
