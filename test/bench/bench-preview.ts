import { DataSource } from 'typeorm';
import { PreviewService } from '../../src/preview/preview.service';
import { PreviewsRepository } from '../../src/preview/previews.repository';
import { Planning } from '../../src/preview/planning';
import { DirectorySnapshots } from '../../src/snapshots/directory-snapshots';
import {
  PbxUserEntity,
  TeamsSettingsEntity,
  TeamsUserEntity,
} from '../../src/snapshots/snapshot.entities';
import { TenantsRepository } from '../../src/tenants/tenants.repository';
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
  /** The same within each step, in MB. */
  stepPeakRssMb: { readPbx: number; readMicrosoft: number; plan: number; store: number };
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
  /** An incremental run's plan after 10 PBX users changed: its time, and the users it planned. */
  affectedPlan: { seconds: number; users: number };
}

const GRAPH_PAGE = 999;
// Past the service's shortest interval between two fresh reads of a tenant.
const BETWEEN_PREVIEWS_MS = 2 * 60_000;

const mb = (bytes: number) => Math.round(bytes / 1048576);

/**
 * The highest RSS seen, sampled often enough to catch a page's worth: since the last `take`,
 * and since the last `startStep`.
 */
class RssSampler {
  private peak = 0;
  private stepPeak = 0;
  private readonly timer = setInterval(() => this.sample(), 20);
  private sample() {
    const rss = process.memoryUsage.rss();
    this.peak = Math.max(this.peak, rss);
    this.stepPeak = Math.max(this.stepPeak, rss);
  }
  /** The peak since the last call, in MB. */
  take(): number {
    this.sample();
    const peak = mb(this.peak);
    this.peak = 0;
    return peak;
  }
  startStep() {
    this.stepPeak = 0;
    this.sample();
  }
  /** The peak since `startStep`, in MB. */
  stepPeakMb(): number {
    this.sample();
    return mb(this.stepPeak);
  }
  stop() {
    clearInterval(this.timer);
  }
}

/** Seconds spent in each named method of `target` and the peak RSS within, across calls. */
function timeMethods<T extends object>(target: T, names: (keyof T & string)[], rss: RssSampler) {
  const spent = new Map<string, { ms: number; peakRssMb: number }>();
  for (const name of names) {
    const original = (target[name] as (...args: unknown[]) => Promise<unknown>).bind(target);
    (target as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const started = performance.now();
      rss.startStep();
      try {
        return await original(...args);
      } finally {
        const before = spent.get(name) ?? { ms: 0, peakRssMb: 0 };
        spent.set(name, {
          ms: before.ms + performance.now() - started,
          peakRssMb: Math.max(before.peakRssMb, rss.stepPeakMb()),
        });
      }
    };
  }
  /** What the method took since the last call for it: seconds, and peak RSS in MB. */
  return (name: keyof T & string) => {
    const step = spent.get(name) ?? { ms: 0, peakRssMb: 0 };
    spent.delete(name);
    return { seconds: Math.round(step.ms) / 1000, peakRssMb: step.peakRssMb };
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
  const { app, tenant, control, close } = await benchApp(sandbox, users, { clock });
  const rss = new RssSampler();
  try {
    const service = app.get(PreviewService);
    const snapshots = timeMethods(app.get(DirectorySnapshots), ['readPbx', 'readMicrosoft'], rss);
    const planning = timeMethods(app.get(Planning), ['plan'], rss);
    const store = timeMethods(app.get(PreviewsRepository), ['insert'], rss);
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
      const steps = {
        readPbx: snapshots('readPbx'),
        readMicrosoft: snapshots('readMicrosoft'),
        plan: planning('plan'),
        store: store('insert'),
      };
      previews.push({
        seconds: Math.round(performance.now() - started) / 1000,
        readPbxSeconds: steps.readPbx.seconds,
        readMicrosoftSeconds: steps.readMicrosoft.seconds,
        planSeconds: steps.plan.seconds,
        storeSeconds: steps.store.seconds,
        peakRssMb: rss.take(),
        stepPeakRssMb: {
          readPbx: steps.readPbx.peakRssMb,
          readMicrosoft: steps.readMicrosoft.peakRssMb,
          plan: steps.plan.peakRssMb,
          store: steps.store.peakRssMb,
        },
        graphRequests: await control.countRequests({ path: '^/v1\\.0/' }),
        throttled429: await control.countRequests({ path: '^/v1\\.0/', status: 429 }),
      });
    }
    return {
      previews,
      graphMinimum: await graphMinimum(app.get(DataSource), tenant.id),
      newMatches,
      baselineRssMb,
      affectedPlan: await affectedPlan(app, tenant.id),
    };
  } finally {
    rss.stop();
    await close();
  }
}

const CHANGED_USERS = 10;

/**
 * What an incremental run's plan costs after 10 PBX users changed, over the snapshots the
 * previews stored: as if each had a new number, their old numbers and addresses are its seeds.
 */
async function affectedPlan(
  app: Awaited<ReturnType<typeof benchApp>>['app'],
  tenantId: string,
): Promise<PreviewSeries['affectedPlan']> {
  const tenant = await app.get(TenantsRepository).require(tenantId);
  const planning = app.get(Planning);
  const changed = await app
    .get(DataSource)
    .getRepository(PbxUserEntity)
    .find({ where: { tenantId }, order: { id: 'ASC' }, take: CHANGED_USERS });
  const seeds = {
    pbxUserIds: changed.map((u) => u.id),
    teamsUserIds: [],
    addresses: changed.flatMap((u) => (u.emailKey ? [u.emailKey] : [])),
    numbers: changed.flatMap((u) => (u.e164 ? [u.e164] : [])),
  };
  // As a recorded plan leaves it: nothing but the snapshots changed since.
  const { basis } = await planning.plan(tenant);
  const started = performance.now();
  const { scope } = await planning.plan(tenant, { seeds, recordedBasis: basis });
  if (!scope) throw new Error("the bench's incremental plan took the whole tenant");
  return { seconds: Math.round(performance.now() - started) / 1000, users: scope.size };
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
