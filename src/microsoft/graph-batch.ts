import { GRAPH_CALL_SENDS, GraphClients } from './graph-clients';
import { MicrosoftError } from './microsoft-error';
import { GraphLane, laneOf } from './tenant-throttle';
import { retryAfterMs } from './throttle-gate';

export interface BatchRequest {
  id: string;
  method: 'GET' | 'POST';
  /** Relative to the version root, e.g. `/admin/teams/userConfigurations/{id}`. */
  url: string;
  body?: unknown;
}

export interface BatchAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const MAX_PER_BATCH = 20;
const RETRYABLE = (status: number) => status === 429 || status === 503 || status === 504;

/**
 * JSON batching built by hand (graph-client's batch helper mangles URLs): 20 requests a call,
 * each item paced in its own lane, and items answered 429/503/504 inside the 200 envelope sent
 * again after their lane's longest Retry-After.
 * Each item is sent at most GRAPH_CALL_SENDS times, whether the envelope or the item was refused:
 * one budget, as for any other call.
 */
export async function sendBatch(
  graph: GraphClients,
  tid: string,
  requests: BatchRequest[],
): Promise<Map<string, BatchAnswer>> {
  const answers = new Map<string, BatchAnswer>();
  for (let i = 0; i < requests.length; i += MAX_PER_BATCH) {
    let pending = requests.slice(i, i + MAX_PER_BATCH);
    for (let round = 1; pending.length > 0; round++) {
      const responses = await postOnce(graph, tid, pending, round);
      if (!responses) continue;
      const again: BatchRequest[] = [];
      const waits = new Map<GraphLane, number>();
      for (const request of pending) {
        const answered = responses.get(request.id);
        if (answered) graph.metrics.answered(answered.status);
        const answer = answered ?? { status: 503, headers: {}, body: null };
        answers.set(request.id, answer);
        if (RETRYABLE(answer.status) && round < GRAPH_CALL_SENDS) {
          again.push(request);
          const lane = laneOf(request.method, request.url);
          const ms = retryAfterMs(answer.headers['retry-after']);
          waits.set(lane, Math.max(waits.get(lane) ?? 0, ms));
        }
      }
      for (const [lane, ms] of waits) graph.throttle(tid).throttled(lane, ms);
      pending = again;
    }
  }
  return answers;
}

/** One send of the envelope; null when it was refused transiently and may be sent again. */
async function postOnce(
  graph: GraphClients,
  tid: string,
  requests: BatchRequest[],
  round: number,
): Promise<Map<string, BatchAnswer> | null> {
  try {
    // Graph meters each item as the request it stands for.
    await graph.throttle(tid).before(requests.map((r) => laneOf(r.method, r.url)));
    return await post(graph, tid, requests);
  } catch (error) {
    if (error instanceof MicrosoftError && (await graph.mayResend(error, round))) return null;
    throw error;
  }
}

async function post(
  graph: GraphClients,
  tid: string,
  requests: BatchRequest[],
): Promise<Map<string, BatchAnswer>> {
  const payload = {
    requests: requests.map((r) => ({
      id: r.id,
      method: r.method,
      url: r.url,
      ...(r.body === undefined
        ? {}
        : { body: r.body, headers: { 'content-type': 'application/json' } }),
    })),
  };
  const envelope = (await graph.call(tid, (c) => c.api('/$batch').post(payload), 1)) as {
    responses?: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[];
  };
  const answers = new Map<string, BatchAnswer>();
  for (const r of envelope.responses ?? []) {
    const headers = Object.fromEntries(
      Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    answers.set(String(r.id), { status: r.status, headers, body: r.body ?? null });
  }
  return answers;
}
