import { DataSource } from 'typeorm';
import { SystemClock } from '../../src/common/clock/clock';
import { openDatabase } from '../../src/database/database';
import { newRun } from '../../src/sync/new-run';
import { canMove, IllegalRunTransition, RUN_STATES, RunState } from '../../src/sync/run-state';
import { RunsRepository } from '../../src/sync/runs.repository';
import { SyncRunEntity } from '../../src/sync/sync.entities';
import { newTenant } from '../../src/tenants/new-tenant';
import { TenantEntity } from '../../src/tenants/tenant.entity';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';

/** Every move the table allows, written out: a change to the table must change this list too. */
const LEGAL: [RunState, RunState][] = [
  ['queued', 'planning'],
  ['queued', 'failed'],
  ['queued', 'cancelled'],
  ['planning', 'awaiting_approval'],
  ['planning', 'applying'],
  ['planning', 'failed'],
  ['planning', 'cancelled'],
  ['awaiting_approval', 'applying'],
  ['awaiting_approval', 'failed'],
  ['awaiting_approval', 'cancelled'],
  ['applying', 'succeeded'],
  ['applying', 'partially_failed'],
  ['applying', 'failed'],
  ['applying', 'cancelled'],
];
const PAIRS = RUN_STATES.flatMap((from) => RUN_STATES.map((to) => [from, to] as const));
const isLegal = (from: RunState, to: RunState) => LEGAL.some(([f, t]) => f === from && t === to);

describe(`a run's life in the runs repository on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db: IsolatedDatabase;
  let dataSource: DataSource;
  let runs: RunsRepository;

  const tenant = async () => {
    const t = newTenant(
      {
        name: 'T',
        connectorSeats: 1,
        pbxAccountId: 'a',
        pbxApiUrl: 'https://pbx.example',
        pbxClientId: 'c',
        pbxClientSecretEncrypted: 'x',
      },
      new Date(),
    );
    await dataSource.getRepository(TenantEntity).insert(t);
    return t.id;
  };
  /** A run stored straight in the given state, as if it had lived up to it. */
  const runIn = async (state: RunState) => {
    const run = {
      ...newRun({ tenantId: await tenant(), kind: 'full', trigger: 'manual' }, new Date()),
      state,
    };
    await dataSource.getRepository(SyncRunEntity).insert(run);
    return run.id;
  };

  beforeAll(async () => {
    db = await isolatedDatabase();
    dataSource = await openDatabase(db.settings);
    runs = new RunsRepository(dataSource, new SystemClock());
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('has the transition table that the life of a run needs, and nothing more', () => {
    expect(PAIRS.filter(([from, to]) => canMove(from, to))).toEqual(
      PAIRS.filter(([from, to]) => isLegal(from, to)),
    );
  });

  it.each(PAIRS.filter(([from, to]) => !isLegal(from, to)))(
    'refuses to move a run from %s to %s, and leaves it as it was',
    async (from, to) => {
      const id = await runIn(from);
      await expect(runs.transition(id, to, {}, [from])).rejects.toThrow(IllegalRunTransition);
      expect((await runs.require(id)).state).toBe(from);
    },
  );

  it.each(LEGAL)('moves a run from %s to %s', async (from, to) => {
    const id = await runIn(from);
    await expect(runs.transition(id, to, {}, [from])).resolves.toBe(true);
    expect((await runs.require(id)).state).toBe(to);
  });

  it('lets only one of two deciders move a run', async () => {
    const id = await runIn('awaiting_approval');
    const decisions = await Promise.all([
      runs.transition(id, 'applying', {}, ['awaiting_approval']),
      runs.transition(id, 'cancelled', {}, ['awaiting_approval']),
    ]);
    expect(decisions.filter(Boolean)).toHaveLength(1);
  });

  it('stores one active run per tenant: a second is refused until the first has ended', async () => {
    const tenantId = await tenant();
    const first = newRun({ tenantId, kind: 'full', trigger: 'manual' }, new Date());
    const second = newRun({ tenantId, kind: 'incremental', trigger: 'schedule' }, new Date());
    expect(await runs.insertActive(first)).toBe(true);
    expect(await runs.insertActive(second)).toBe(false);
    expect((await runs.active(tenantId))?.id).toBe(first.id);

    await runs.transition(first.id, 'cancelled');
    expect(await runs.insertActive(second)).toBe(true);
    expect((await runs.active(tenantId))?.id).toBe(second.id);
  });
});
