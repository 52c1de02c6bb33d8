import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AppLogger, createPinoLogger } from '../../src/common/logging/app-logger';
import { openDatabase } from '../../src/database/database';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';

describe(`error logs on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db: IsolatedDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await isolatedDatabase();
    ds = await openDatabase(db.settings);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('carry neither the parameters of a failing statement nor whole phone numbers', async () => {
    const lines: string[] = [];
    const logger = new AppLogger(
      createPinoLogger(
        'info',
        new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }),
      ),
    );
    const insert = (email: string) =>
      ds.query(
        'INSERT INTO operators (id, email, first_name, last_name, role, status, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)'.replace(
          /\$\d/g,
          (m) => (ds.options.type === 'postgres' ? m : '?'),
        ),
        [
          `id-${email}`,
          email,
          '+14255550123',
          'Doe',
          'member',
          'active',
          'hash-secret-value',
          1,
          1,
        ],
      );
    await insert('dup@contoso.example');
    const failure = await insert('dup@contoso.example').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    logger.error({ err: failure }, 'request failed');
    logger.error({ err: new Error('Teams refused +14255550123 for user 42') }, 'write failed');

    const logged = lines.join('\n');
    expect(logged).toContain('request failed');
    expect(logged).toMatch(
      /"code":"(SQLITE_CONSTRAINT_PRIMARYKEY|SQLITE_CONSTRAINT_UNIQUE|23505)"/,
    );
    for (const leaked of ['dup@contoso.example', 'hash-secret-value', '14255550123', '4255550123'])
      expect({ leaked, found: logged.includes(leaked) }).toEqual({ leaked, found: false });
    expect(logged).toContain('+1…23');
  });
});
