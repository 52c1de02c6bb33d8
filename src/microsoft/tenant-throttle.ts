import { RatePacer } from './rate-pacer';
import { ThrottleGate } from './throttle-gate';

/**
 * The throttle a Graph request meets: identity's resource units for directory reads, or Teams'
 * own requests-per-second limits, GETs and the rest counted apart. Each is paced and paused on
 * its own, so a throttled Teams write never holds up a directory read.
 */
export const GRAPH_LANES = ['directory', 'teamsRead', 'teamsWrite'] as const;
export type GraphLane = (typeof GRAPH_LANES)[number];

export function laneOf(method: string, url: string): GraphLane {
  const path = url.replace(/^https?:\/\/[^/]+/, '').replace(/^\/(v1\.0|beta)/, '');
  if (!path.startsWith('/admin/teams/')) return 'directory';
  return method.toUpperCase() === 'GET' ? 'teamsRead' : 'teamsWrite';
}

/**
 * A Teams lane is paced just under Teams' limit with little burst: Teams' own bucket, which the
 * lane never drains, keeps the difference as headroom for a request that a timer or a busy event
 * loop sent late, next to the following one. A tenth of a second's worth of burst is enough to
 * make up for late timers.
 */
const PACE_SHARE_OF_LIMIT = 0.99;
const BURST_SECONDS = 0.1;

/** One customer tenant's pace towards Graph, lane by lane. */
export class TenantThrottle {
  private readonly gates: Record<GraphLane, ThrottleGate> = {
    directory: new ThrottleGate(),
    teamsRead: new ThrottleGate(),
    teamsWrite: new ThrottleGate(),
  };
  private readonly pacers: Partial<Record<GraphLane, RatePacer>>;

  /** `teamsLimitPerSecond`: Teams' limit per lane (30 requests per second, GETs and the rest). */
  constructor(teamsLimitPerSecond: number) {
    const pacer = () =>
      new RatePacer(teamsLimitPerSecond * PACE_SHARE_OF_LIMIT, {
        burst: Math.max(1, teamsLimitPerSecond * BURST_SECONDS),
      });
    this.pacers = { teamsRead: pacer(), teamsWrite: pacer() };
  }

  /** Waits until requests in these lanes (one entry per request) may be sent. */
  async before(lanes: GraphLane[]): Promise<void> {
    for (const lane of new Set(lanes)) await this.gates[lane].wait();
    for (const lane of new Set(lanes)) {
      const count = lanes.filter((l) => l === lane).length;
      await this.pacers[lane]?.take(count);
    }
  }

  /** Microsoft throttled a request of this lane: the lane waits out the Retry-After. */
  throttled(lane: GraphLane, ms: number): void {
    this.gates[lane].pause(ms);
  }
}
