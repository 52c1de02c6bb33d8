import { statSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/database/database';
import { MIGRATIONS } from '../../src/database/migrations';
import { TenantEntity } from '../../src/tenants/tenant.entity';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';

describe(`migrations on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db: IsolatedDatabase;
  const opened: DataSource[] = [];

  beforeEach(async () => {
    db = await isolatedDatabase();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((ds) => (ds.isInitialized ? ds.destroy() : undefined)));
    await db.drop();
  });

  const open = async () => {
    const ds = await openDatabase(db.settings);
    opened.push(ds);
    return ds;
  };

  it('brings an empty database to the latest schema, and a second start changes nothing', async () => {
    const first = await open();
    const applied = await first.query('SELECT name FROM schema_migrations ORDER BY id');
    expect(applied.map((row: { name: string }) => row.name)).toEqual(MIGRATIONS.map((m) => m.name));

    const second = await open();
    expect(await second.showMigrations()).toBe(false);
    expect(await second.query('SELECT COUNT(*) AS n FROM schema_migrations')).toEqual([
      { n: expect.anything() },
    ]);
    expect(Number((await second.query('SELECT COUNT(*) AS n FROM schema_migrations'))[0].n)).toBe(
      MIGRATIONS.length,
    );
  });

  it('lets several processes start at once: one migrates, the others wait', async () => {
    const all = await Promise.all([open(), open(), open()]);
    for (const ds of all) expect(await ds.showMigrations()).toBe(false);
  });

  it('opens connections with the session settings the service relies on, and keeps the files private', async () => {
    const ds = await open();
    if (ds.options.type === 'postgres') {
      // Compiling short statements costs more than it saves (see ormconfig.ts).
      expect(await ds.query('SHOW jit')).toEqual([{ jit: 'off' }]);
    } else {
      // WAL and a busy timeout let an API and a worker process share the file.
      expect(await ds.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await ds.query('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
      // The database holds encrypted secrets and everyone's e-mail address: the owner's alone.
      const path = String(ds.options.database);
      for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}.migration-lock`])
        expect({ file, mode: statSync(file).mode & 0o777 }).toEqual({ file, mode: 0o600 });
    }
  });

  describe('work started at once in one process (jobs, requests)', () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
    const rows = async (ds: DataSource) =>
      (await ds.query('SELECT v FROM scratch ORDER BY v')).map((r: { v: string }) => r.v);
    const failing = (ds: DataSource, value: string) =>
      ds
        .transaction(async (tx) => {
          await tx.query(`INSERT INTO scratch (v) VALUES ('${value}')`);
          await pause();
          await pause();
          throw new Error(`${value} fails`);
        })
        .catch((error: Error) => error.message);

    it('keeps each transaction whole: one that fails leaves nothing, one that succeeds all it wrote', async () => {
      const ds = await open();
      await ds.query('CREATE TABLE scratch (v varchar(10))');
      const failed = failing(ds, 'a');
      await pause();
      const succeeded = ds.transaction(async (tx) => {
        await tx.query(`INSERT INTO scratch (v) VALUES ('b1')`);
        await pause();
        await tx.query(`INSERT INTO scratch (v) VALUES ('b2')`);
        // A transaction within a transaction is its own savepoint still.
        await tx
          .transaction(async (inner) => {
            await inner.query(`INSERT INTO scratch (v) VALUES ('b3')`);
            throw new Error('b3 fails');
          })
          .catch(() => undefined);
      });
      expect(await Promise.all([failed, succeeded])).toEqual(['a fails', undefined]);
      expect(await rows(ds)).toEqual(['b1', 'b2']);
    });

    it('keeps a statement outside a transaction out of it, whether the transaction ends or fails', async () => {
      const ds = await open();
      await ds.query('CREATE TABLE scratch (v varchar(10))');
      const failed = failing(ds, 'a');
      await pause();
      await Promise.all([
        ds.query(`INSERT INTO scratch (v) VALUES ('outside')`),
        // save() opens a transaction of its own.
        ds.getRepository(TenantEntity).save({
          id: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
          name: 'Contoso',
          connectorSeats: 25,
          createdAt: new Date(),
          updatedAt: new Date(),
        }),
      ]);
      expect(await failed).toBe('a fails');
      expect(await rows(ds)).toEqual(['outside']);
      expect(await ds.getRepository(TenantEntity).count()).toBe(1);
    });
  });

  it('stores and reads entities with instants kept to the millisecond', async () => {
    const ds = await open();
    const created = new Date('2026-11-21T10:15:30.123Z');
    await ds.getRepository(TenantEntity).insert({
      id: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
      name: 'Contoso',
      connectorSeats: 25,
      createdAt: created,
      updatedAt: created,
    });
    const tenant = await ds
      .getRepository(TenantEntity)
      .findOneByOrFail({ id: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9' });
    expect(tenant).toMatchObject({
      id: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
      name: 'Contoso',
      connectorSeats: 25,
      createdAt: created,
      updatedAt: created,
    });
    // Defaults come from the migrations, the same on both databases.
    expect(tenant).toMatchObject({
      consentState: 'none',
      syncMode: 'automatic',
      syncEnabled: false,
      scheduleMinutes: 15,
      removalThresholdCount: 10,
      microsoftTenantId: null,
    });
  });

  it('reverts every migration, leaving only the bookkeeping table', async () => {
    const ds = await open();
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const runner = ds.createQueryRunner();
    expect(await runner.hasTable('tenants')).toBe(false);
    expect(await runner.hasTable('operators')).toBe(false);
    await runner.release();
  });
});
