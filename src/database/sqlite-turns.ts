import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** The parts of TypeORM's better-sqlite3 query runner that taking turns touches. */
interface SqliteRunner extends QueryRunner {
  transactionDepth: number;
  stmtCache: Map<string, unknown>;
}

/** Work on the one connection, one piece at a time, in the order asked for. */
class Turns {
  private last: Promise<unknown> = Promise.resolve();

  /** Waits for the turn; the answer ends it. */
  take(): Promise<() => void> {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const turn = this.last.then(() => end);
    this.last = ended;
    return turn;
  }

  async during<T>(work: () => Promise<T>): Promise<T> {
    const end = await this.take();
    try {
      return await work();
    } finally {
      end();
    }
  }
}

/**
 * TypeORM runs every query of a SQLite database on one connection and one query runner, so two
 * transactions started at once in this process (two jobs, a job and a request) nest: the second
 * becomes a savepoint of the first, a rollback of either undoes the wrong writes, and a statement
 * outside both lands in whichever is open. Here each transaction has a query runner of its own
 * and the connection to itself until it ends; other work takes its turn between transactions.
 * What the transaction's own code runs, through its manager or any other, is part of it, as it
 * always was on SQLite. Statements prepared once serve every runner.
 */
export function takeTurnsOnSqlite(dataSource: DataSource): void {
  const driver = dataSource.driver as unknown as { createQueryRunner(): QueryRunner };
  const first = driver.createQueryRunner() as SqliteRunner;
  const Runner = first.constructor as new (d: unknown) => SqliteRunner;
  const turns = new Turns();
  // The runner of the transaction whose code is running.
  const current = new AsyncLocalStorage<SqliteRunner>();
  const fresh = () => {
    const runner = new Runner(driver);
    runner.stmtCache = first.stmtCache;
    inTurn(runner, turns);
    return runner;
  };
  driver.createQueryRunner = () => current.getStore() ?? fresh();
  const manager: EntityManager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = ((...args: unknown[]) =>
    current.getStore()
      ? transaction(...args)
      : current.run(fresh(), () => transaction(...args))) as EntityManager['transaction'];
}

function inTurn(runner: SqliteRunner, turns: Turns): void {
  const { query, startTransaction, commitTransaction, rollbackTransaction } = runner;
  let end: (() => void) | null = null;
  const endTurn = () => {
    end?.();
    end = null;
  };
  runner.query = ((...args: Parameters<QueryRunner['query']>) =>
    end
      ? query.apply(runner, args)
      : turns.during(() => query.apply(runner, args))) as QueryRunner['query'];
  runner.startTransaction = async (isolation) => {
    if (runner.transactionDepth > 0) return startTransaction.call(runner, isolation);
    end = await turns.take();
    try {
      await startTransaction.call(runner, isolation);
    } catch (error) {
      endTurn();
      throw error;
    }
  };
  runner.commitTransaction = async () => {
    await commitTransaction.call(runner);
    if (runner.transactionDepth === 0) endTurn();
  };
  runner.rollbackTransaction = async () => {
    const outermost = runner.transactionDepth <= 1;
    try {
      await rollbackTransaction.call(runner);
    } finally {
      if (outermost) endTurn();
    }
  };
}
