import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns';
import type { RunState } from './run-state';

/** `release`: a deleted tenant's numbers released from Teams, at the provider's choice. */
export const RUN_KINDS = ['full', 'incremental', 'retry', 'release'] as const;
export type RunKind = (typeof RUN_KINDS)[number];
/** `daily_check`: the licence and drift check, a full run however the tenant syncs otherwise. */
export type RunTrigger = 'manual' | 'schedule' | 'consent' | 'retry' | 'daily_check' | 'delete';

export interface RunCounts {
  planned: Record<string, number>;
  succeeded: number;
  unchanged: number;
  failed: number;
  notAttempted: number;
}

/** One sync run of one tenant: its state, what it planned and what became of it. */
@Entity('sync_runs')
export class SyncRunEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'tenant_id', type: 'varchar', length: 36 }) tenantId!: string;
  @Column({ type: 'varchar', length: 16 }) kind!: RunKind;
  @Column({ name: 'run_trigger', type: 'varchar', length: 16 }) trigger!: RunTrigger;
  @Column({ type: 'varchar', length: 24 }) state!: RunState;
  @Column({ name: 'requested_by', type: 'varchar', length: 36, nullable: true })
  requestedBy!: string | null;
  /** A retry run touches only these PBX users. */
  @Column({ type: 'simple-json', nullable: true }) scope!: string[] | null;
  @Column({ name: 'policy_id', type: 'varchar', length: 100, nullable: true })
  policyId!: string | null;
  @Column({ type: 'simple-json' }) counts!: RunCounts;
  @Column({ name: 'total_items', type: 'integer', default: 0 }) totalItems!: number;
  @Column({ name: 'done_items', type: 'integer', default: 0 }) doneItems!: number;
  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;
  @Column({ name: 'error_message', type: 'text', nullable: true }) errorMessage!: string | null;
  @Column({ name: 'decided_by', type: 'varchar', length: 36, nullable: true })
  decidedBy!: string | null;
  /** Jobs started for this run; past the job's attempts the run ends failed. */
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  /** Which worker applies the run now; a worker that finds another's lease stops. */
  @Column({ name: 'lease_id', type: 'varchar', length: 36, nullable: true })
  leaseId!: string | null;
  @InstantColumn('created_at') createdAt!: Date;
  @InstantColumn('started_at', { nullable: true }) startedAt!: Date | null;
  @InstantColumn('planned_at', { nullable: true }) plannedAt!: Date | null;
  @InstantColumn('finished_at', { nullable: true }) finishedAt!: Date | null;
  /** Moved on as the run makes progress; a reaper finds runs whose worker went quiet. */
  @InstantColumn('heartbeat_at') heartbeatAt!: Date;
}

export type ItemState = 'pending' | 'succeeded' | 'unchanged' | 'failed' | 'not_attempted';

/** One user's planned change in one run: the stored plan the run applies, with its outcome. */
@Entity('run_items')
export class RunItemEntity {
  @PrimaryColumn({ name: 'run_id', type: 'varchar', length: 36 }) runId!: string;
  @PrimaryColumn({ type: 'integer' }) seq!: number;
  @Column({ name: 'pbx_user_id', type: 'varchar', length: 200 }) pbxUserId!: string;
  @Column({ name: 'teams_user_id', type: 'varchar', length: 36 }) teamsUserId!: string;
  @Column({ type: 'varchar', length: 16 }) change!: 'assign' | 'update' | 'remove';
  @Column({ type: 'varchar', length: 16, nullable: true }) method!: string | null;
  @Column({ type: 'varchar', length: 64 }) number!: string;
  @Column({ type: 'varchar', length: 16 }) state!: ItemState;
  @Column({ name: 'failure_code', type: 'varchar', length: 64, nullable: true })
  failureCode!: string | null;
  @InstantColumn('finished_at', { nullable: true }) finishedAt!: Date | null;
}

/** A user the connector could not bring in line, with what to do about it. */
@Entity('sync_failures')
export class SyncFailureEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'tenant_id', type: 'varchar', length: 36 }) tenantId!: string;
  @Column({ name: 'run_id', type: 'varchar', length: 36 }) runId!: string;
  @Column({ name: 'pbx_user_id', type: 'varchar', length: 200 }) pbxUserId!: string;
  @Column({ name: 'teams_user_id', type: 'varchar', length: 36 }) teamsUserId!: string;
  @Column({ type: 'varchar', length: 16 }) change!: string;
  @Column({ type: 'varchar', length: 64 }) number!: string;
  @Column({ type: 'varchar', length: 64 }) code!: string;
  @Column({ type: 'text' }) message!: string;
  @Column({ type: 'text' }) action!: string;
  @Column({ type: 'boolean' }) retryable!: boolean;
  @InstantColumn('next_retry_at', { nullable: true }) nextRetryAt!: Date | null;
  @Column({ type: 'integer' }) attempts!: number;
  @InstantColumn('created_at') createdAt!: Date;
  @InstantColumn('updated_at') updatedAt!: Date;
  @InstantColumn('resolved_at', { nullable: true }) resolvedAt!: Date | null;
}

export type UserState =
  'synced' | 'pending' | 'failed' | 'blocked' | 'conflict' | 'unmatched' | 'removed';

/** Where each PBX user stands, as of the latest run that planned or applied it. */
@Entity('tenant_users')
export class TenantUserEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 }) tenantId!: string;
  @PrimaryColumn({ name: 'pbx_user_id', type: 'varchar', length: 200 }) pbxUserId!: string;
  @Column({ name: 'teams_user_id', type: 'varchar', length: 36, nullable: true })
  teamsUserId!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) method!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) number!: string | null;
  @Column({ type: 'varchar', length: 16 }) state!: UserState;
  /** The plan's reason (blocked, conflict, unmatched, remove) or the failure code. */
  @Column({ type: 'varchar', length: 64, nullable: true }) reason!: string | null;
  @Column({ name: 'run_id', type: 'varchar', length: 36 }) runId!: string;
  @InstantColumn('updated_at') updatedAt!: Date;
}
