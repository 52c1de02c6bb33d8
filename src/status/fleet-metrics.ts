import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { Clock } from '../common/clock/clock';
import { AppLogger } from '../common/logging/app-logger';
import { JobQueue } from '../common/queue/job-queue';
import { AppConfig } from '../config/config';
import { FleetFacts, FleetReadModel } from './fleet.read-model';
import { INDICATOR_COLOURS, registrationIndicator } from './registration-indicator';

const WATCHED_QUEUES = ['sync', 'email', 'setup'] as const;
const JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** A tenant that should sync on its schedule but has not succeeded within twice of it. */
export function isStale(facts: FleetFacts, now: Date): boolean {
  if (!facts.syncEnabled || facts.consentState !== 'granted') return false;
  const allowedMs = 2 * facts.scheduleMinutes * 60_000;
  return (
    !facts.lastSuccessfulSync || now.getTime() - facts.lastSuccessfulSync.getTime() > allowedMs
  );
}

/**
 * Gauges of state that every process shares (the queues in Redis, the tenants in the database),
 * read when Prometheus scrapes. Only processes that serve the API expose them, so that a
 * deployment's workers do not report the same numbers again.
 */
@Injectable()
export class FleetMetrics {
  private reading?: Promise<FleetFacts[] | null>;

  constructor(
    registry: Registry,
    config: AppConfig,
    private readonly queues: JobQueue,
    private readonly fleet: FleetReadModel,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
  ) {
    if (config.app.role === 'worker') return;
    // Inside collect(), `this` is the gauge.
    const queueCounts = () => this.queueCounts();
    const tenantFacts = () => this.tenantFacts();
    const now = () => this.clock.now();
    new Gauge({
      name: 'teams_connector_queue_jobs',
      help: 'Jobs in the sync and e-mail queues, by queue and state.',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const [queue, counts] of await queueCounts())
          for (const state of JOB_STATES) this.set({ queue, state }, counts[state] ?? 0);
      },
    });
    new Gauge({
      name: 'teams_connector_tenants',
      help: 'Tenants (not deleted) by health as the dashboard shows it.',
      labelNames: ['health'],
      registers: [registry],
      async collect() {
        this.reset();
        const facts = await tenantFacts();
        if (!facts) return;
        for (const health of INDICATOR_COLOURS) this.set({ health }, 0);
        for (const f of facts) this.inc({ health: registrationIndicator(f, now()).colour });
      },
    });
    new Gauge({
      name: 'teams_connector_tenants_stale',
      help: 'Tenants syncing on a schedule whose last successful sync is older than twice it.',
      registers: [registry],
      async collect() {
        this.reset();
        const facts = await tenantFacts();
        if (facts) this.set(facts.filter((f) => isStale(f, now())).length);
      },
    });
  }

  /** One read of the fleet per scrape, shared by the gauges that Prometheus collects together. */
  private tenantFacts(): Promise<FleetFacts[] | null> {
    this.reading ??= this.readFacts().finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** Empty when Redis does not answer: a scrape reports the rest, and the gauge goes missing. */
  private async queueCounts(): Promise<[string, Record<string, number>][]> {
    try {
      return await Promise.all(
        WATCHED_QUEUES.map(
          async (name) =>
            [name, await this.queues.queue(name).getJobCounts(...JOB_STATES)] as [
              string,
              Record<string, number>,
            ],
        ),
      );
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'queue depth not read for metrics');
      return [];
    }
  }

  private async readFacts(): Promise<FleetFacts[] | null> {
    try {
      return await this.fleet.facts(null);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'tenant health not read for metrics');
      return null;
    }
  }
}
