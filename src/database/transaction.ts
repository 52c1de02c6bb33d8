import { DataSource, EntityManager } from 'typeorm';

const AFTER_COMMIT = Symbol('after-commit');
type WithFollowUps = EntityManager & { [AFTER_COMMIT]?: (() => Promise<unknown>)[] };

/**
 * A transaction whose follow-ups (such as enqueueing the job that delivers an outbox row) run
 * only once it has committed, so no job ever looks for a row that is not there.
 */
export async function runInTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  let transactional: WithFollowUps | undefined;
  const result = await dataSource.transaction(async (manager) => {
    transactional = manager;
    return work(manager);
  });
  for (const followUp of transactional?.[AFTER_COMMIT] ?? []) await followUp();
  return result;
}

/** Queues work to run after the transaction of `manager` commits; runs it at once outside one. */
export async function afterCommit(
  manager: EntityManager,
  followUp: () => Promise<unknown>,
): Promise<void> {
  if (!manager.queryRunner?.isTransactionActive) {
    await followUp();
    return;
  }
  const holder = manager as WithFollowUps;
  (holder[AFTER_COMMIT] ??= []).push(followUp);
}
