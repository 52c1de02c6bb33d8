import { Injectable, OnModuleInit } from '@nestjs/common';
import { ResourceOwners } from '../access/resource-owners';
import { FailuresRepository } from './failures.repository';
import { RunsRepository } from './runs.repository';

/** Tells the access guard which tenant owns the run or failure a path names. */
@Injectable()
export class SyncResourceOwners implements OnModuleInit {
  constructor(
    private readonly owners: ResourceOwners,
    private readonly runs: RunsRepository,
    private readonly failures: FailuresRepository,
  ) {}

  onModuleInit(): void {
    this.owners.register('runId', {
      tenantOf: async (id) => (await this.runs.find(id))?.tenantId ?? null,
      notFound: 'RUN_NOT_FOUND',
      what: 'sync run',
    });
    this.owners.register('failureId', {
      tenantOf: async (id) => (await this.failures.find(id))?.tenantId ?? null,
      notFound: 'FAILURE_NOT_FOUND',
      what: 'failure',
    });
  }
}
