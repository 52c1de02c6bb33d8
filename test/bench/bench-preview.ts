import { DataSource } from 'typeorm';
import { PreviewService } from '../../src/preview/preview.service';
import { PreviewsRepository } from '../../src/preview/previews.repository';
import { Planning } from '../../src/preview/planning';
import { DirectorySnapshots } from '../../src/snapshots/directory-snapshots';
import { TeamsSettingsEntity, TeamsUserEntity } from '../../src/snapshots/snapshot.entities';
import { AdjustableClock } from '../support/http-app';
import { benchApp } from './bench-app';
import type { SandboxProcess } from './sandbox-process';

/** One preview, as `POST /preview` makes it, and what each of its steps took. */
export interface PreviewSample {
  seconds: number;
  readPbxSeconds: number;
  readMicrosoftSeconds: number;
  planSeconds: number;
  storeSeconds: number;
  /** The process's highest RSS while this preview ran, in MB. */
  peakRssMb: number;
  graphRequests: number;
  throttled429: number;
}

export interface PreviewSeries {
  /** The first on an empty database, then re-previews over the snapshots the first stored. */
  previews: PreviewSample[];
  /** The fewest Graph requests a full read can make (see `graphMinimum`). */
  graphMinimum: number;
  newMatches: number;
  /** The process's RSS once the app has started, before any preview. */
  baselineRssMb: number;
}

const GRAPH_PAGE = 999;
// Past the service's shortest interval between two fresh reads of a tenant.
const BETWEEN_PREVIEWS_MS = 2 * 60_000;

/** The highest RSS seen while a step runs, sampled often enough to catch a page's worth. */
class RssSampler {
  private peak = 0;
  private readonly timer = setInterval(() => this.sample(), 20);
  private sample() {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }
  /** The peak since the last call, in MB. */
  take(): number {
    this.sample();
    const mb = Math.round(this.peak / 1048576);
    this.peak = 0;
    return mb;
  }
  stop() {
    clearInterval(this.timer);
  }
}

/** Seconds spent in each named method of `target`, added up across calls. */
function timeMethods<T extends object>(target: T, names: (keyof T & string)[]) {
  const spent = new Map<string, number>();
  for (const name of names) {
    const original = (target[name] as (...args: unknown[]) => Promise<unknown>).bind(target);
    (target as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        return await original(...args);
      } finally {
        spent.set(name, (spent.get(name) ?? 0) + performance.now() - started);
      }
    };
  }
  return (name: keyof T & string) => {
    const ms = spent.get(name) ?? 0;
    spent.delete(name);
    return Math.round(ms) / 1000;
  };
}

/**
 * `count` previews of one tenant in this process, as the service makes them: the first on an
 * empty database, each later one reading both directories again over the stored snapshots.
 */
export async function previewSeries(
  sandbox: Omit<SandboxProcess, 'stop'>,
  users: number,
  count: number,
): Promise<PreviewSeries> {
  const clock = new AdjustableClock();
  const { app, tenant, control, close } = await benchApp(sandbox, users, {}, clock);
  const rss = new RssSampler();
  try {
    const service = app.get(PreviewService);
    const snapshots = timeMethods(app.get(DirectorySnapshots), ['readPbx', 'readMicrosoft']);
    const planning = timeMethods(app.get(Planning), ['plan']);
    const store = timeMethods(app.get(PreviewsRepository), ['insert']);
    const baselineRssMb = rss.take();
    const previews: PreviewSample[] = [];
    let newMatches = 0;
    for (let i = 0; i < count; i++) {
      clock.offsetMs += BETWEEN_PREVIEWS_MS;
      await control.clearRequests();
      const started = performance.now();
      const view = await service.preview(tenant.id, 0);
      if (view.source !== 'fresh') throw new Error('a bench preview did not read afresh');
      newMatches = view.newMatchesToSync;
      previews.push({
        seconds: Math.round(performance.now() - started) / 1000,
        readPbxSeconds: snapshots('readPbx'),
        readMicrosoftSeconds: snapshots('readMicrosoft'),
        planSeconds: planning('plan'),
        storeSeconds: store('insert'),
        peakRssMb: rss.take(),
        graphRequests: await control.countRequests({ path: '^/v1\\.0/' }),
        throttled429: await control.countRequests({ path: '^/v1\\.0/', status: 429 }),
      });
    }
    return {
      previews,
      graphMinimum: await graphMinimum(app.get(DataSource), tenant.id),
      newMatches,
      baselineRssMb,
    };
  } finally {
    rss.stop();
    await close();
  }
}

/**
 * The least a preview's full read can cost: a delta link, full pages of users and of Teams
 * settings, and the subscribed SKUs for the licence figures.
 */
async function graphMinimum(dataSource: DataSource, tenantId: string): Promise<number> {
  const users = await dataSource.getRepository(TeamsUserEntity).countBy({ tenantId });
  const settings = await dataSource.getRepository(TeamsSettingsEntity).countBy({ tenantId });
  return 1 + Math.ceil(users / GRAPH_PAGE) + Math.ceil(settings / GRAPH_PAGE) + 1;
}
