import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, ObjectLiteral, EntityTarget } from 'typeorm';
import { CHUNK_ROWS, insertInChunks, upsertInChunks } from '../database/chunks';
import { hydrated, pagesOf, rowsWhereIn } from '../database/tenant-rows';
import { addressesOf, normaliseEmail } from '../matching/engine/normalise';
import {
  DirectoryStateEntity,
  PbxUserEntity,
  SyncedLinkEntity,
  TeamsAddressEntity,
  TeamsSettingsEntity,
  TeamsUserEntity,
} from './snapshot.entities';

type Link = Omit<SyncedLinkEntity, 'syncedAt'>;

// Numbers looked for in one scan of the Teams settings.
const NUMBERS_PER_SCAN = 100;

/** The snapshot tables: both directories as last read, the read state, and the synced pairs. */
@Injectable()
export class SnapshotsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager) {
    return tx ?? this.dataSource.manager;
  }

  state(tenantId: string): Promise<DirectoryStateEntity | null> {
    return this.dataSource.getRepository(DirectoryStateEntity).findOneBy({ tenantId });
  }

  async saveState(tenantId: string, changes: Partial<DirectoryStateEntity>): Promise<void> {
    const repo = this.dataSource.getRepository(DirectoryStateEntity);
    const current = (await repo.findOneBy({ tenantId })) ?? {
      tenantId,
      pbxReadAt: null,
      microsoftReadAt: null,
      deltaLinkEncrypted: null,
      planBasis: null,
    };
    await repo.save({ ...current, ...changes });
  }

  /** Writes the PBX users that are new or changed, in one transaction; answers their ids. */
  async upsertPbxUsers(rows: Omit<PbxUserEntity, 'emailKey'>[]): Promise<string[]> {
    const keyed = rows.map((row) => ({ ...row, emailKey: normaliseEmail(row.email) }));
    const written = await this.dataSource.transaction((tx) =>
      upsertInChunks(tx, PbxUserEntity, keyed, ['tenantId', 'id']),
    );
    return written.map((row) => row.id!);
  }

  /**
   * Writes the users that are new or changed, and the addresses each of those answers to, in one
   * transaction. `unstored` names users known to have no row yet, whose old addresses need no
   * deleting: on a tenant's first read, looking for them costs a second per 100,000 users.
   */
  async upsertTeamsUsers(
    rows: TeamsUserEntity[],
    unstored: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource.transaction(async (tx) => {
      const written = await upsertInChunks(tx, TeamsUserEntity, rows, ['tenantId', 'id']);
      if (written.length === 0) return;
      const changed = new Set(written.map((u) => u.id!));
      const ids = [...changed].filter((id) => !unstored.has(id));
      for (let i = 0; i < ids.length; i += CHUNK_ROWS)
        await tx
          .getRepository(TeamsAddressEntity)
          .delete({ tenantId: rows[0].tenantId, teamsUserId: In(ids.slice(i, i + CHUNK_ROWS)) });
      await insertInChunks(
        tx,
        TeamsAddressEntity,
        rows
          .filter((u) => changed.has(u.id))
          .flatMap((u) =>
            addressesOf(u).map((address) => ({ tenantId: u.tenantId, address, teamsUserId: u.id })),
          ),
      );
    });
  }

  /** Writes the Teams settings that are new or changed, in one transaction (or the caller's). */
  async upsertTeamsSettings(rows: TeamsSettingsEntity[], tx?: EntityManager): Promise<void> {
    const write = (manager: EntityManager) =>
      upsertInChunks(manager, TeamsSettingsEntity, rows, ['tenantId', 'userId']);
    await (tx ? write(tx) : this.dataSource.transaction(write));
  }

  /**
   * Drops the rows a full read did not see again (a Teams user's addresses go with the user).
   * Rows seen are not written again unless they changed, so the read keeps the ids it saw.
   */
  async dropUnseen(
    target: typeof PbxUserEntity | typeof TeamsUserEntity | typeof TeamsSettingsEntity,
    tenantId: string,
    seen: Set<string>,
  ): Promise<void> {
    const key = target === TeamsSettingsEntity ? 'userId' : 'id';
    const unseen: string[] = [];
    const manager = this.dataSource.manager;
    for await (const page of pagesOf<ObjectLiteral, string>(
      manager,
      target,
      tenantId,
      key,
      [],
      10_000,
    ))
      for (const row of page) if (!seen.has(row[key])) unseen.push(row[key]);
    const repo = this.dataSource.getRepository<ObjectLiteral>(target);
    for (let i = 0; i < unseen.length; i += CHUNK_ROWS)
      await repo.delete({ tenantId, [key]: In(unseen.slice(i, i + CHUNK_ROWS)) });
  }

  /**
   * Fresh planner statistics for tables a full read rewrote: the lookups by key lists that mapping
   * imports make are planned from them (on SQLite, `PRAGMA optimize` decides what is worth it).
   */
  async refreshStatistics(targets: EntityTarget<ObjectLiteral>[]): Promise<void> {
    if (this.dataSource.options.type !== 'postgres') {
      await this.dataSource.query('PRAGMA optimize');
      return;
    }
    const tables = targets.map((t) =>
      this.dataSource.driver.escape(this.dataSource.getMetadata(t).tableName),
    );
    await this.dataSource.query(`ANALYZE ${tables.join(', ')}`);
  }

  /** Microsoft 365 users gone, with their Teams settings (their addresses go with them). */
  async removeTeamsUsers(tenantId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.getRepository(TeamsUserEntity).delete({ tenantId, id: In(ids) });
    await this.dataSource.getRepository(TeamsSettingsEntity).delete({ tenantId, userId: In(ids) });
  }

  /** Pairs now in Teams are pinned to the Teams object id. */
  async pinLinks(links: Link[], syncedAt: Date, tx?: EntityManager): Promise<void> {
    await upsertInChunks(
      this.manager(tx),
      SyncedLinkEntity,
      links.map((l) => ({ ...l, syncedAt })),
      ['tenantId', 'pbxUserId'],
    );
  }

  /** How many pairs the connector put in Teams. */
  syncedLinkCount(tenantId: string): Promise<number> {
    return this.dataSource.getRepository(SyncedLinkEntity).countBy({ tenantId });
  }

  /** The pairs the connector put in Teams, each with its number. */
  syncedLinks(tenantId: string): Promise<SyncedLinkEntity[]> {
    return this.dataSource.getRepository(SyncedLinkEntity).findBy({ tenantId });
  }

  async releaseLinks(tenantId: string, pbxUserIds: string[], tx?: EntityManager): Promise<void> {
    if (pbxUserIds.length === 0) return;
    await this.manager(tx)
      .getRepository(SyncedLinkEntity)
      .delete({ tenantId, pbxUserId: In(pbxUserIds) });
  }

  /** Whether any of the tenant's users of that side are stored: false before its first read. */
  hasUsers(
    target: typeof PbxUserEntity | typeof TeamsUserEntity,
    tenantId: string,
  ): Promise<boolean> {
    return this.dataSource.getRepository(target).existsBy({ tenantId });
  }

  /**
   * The tenant's Microsoft 365 users with their Teams settings (null without any), a page at a
   * time in id order: raw rows converted by the column metadata, never the table as entities.
   */
  async *teamsUsersWithSettings(
    tenantId: string,
    size = 5_000,
  ): AsyncGenerator<{ user: TeamsUserEntity; settings: TeamsSettingsEntity | null }[]> {
    const users = this.dataSource.getMetadata(TeamsUserEntity);
    const settings = this.dataSource.getMetadata(TeamsSettingsEntity);
    const driver = this.dataSource.driver;
    const select = (meta: typeof users, alias: string) =>
      meta.columns.map(
        (c) =>
          `${alias}.${driver.escape(c.databaseName)} AS ${driver.escape(`${alias}_${c.databaseName}`)}`,
      );
    let after: string | null = null;
    for (;;) {
      const query = this.dataSource
        .createQueryBuilder()
        .select([...select(users, 'u'), ...select(settings, 's')])
        .from(TeamsUserEntity, 'u')
        .leftJoin(TeamsSettingsEntity, 's', 's.tenantId = u.tenantId AND s.userId = u.id')
        .where('u.tenantId = :tenantId', { tenantId })
        .orderBy('u.id', 'ASC')
        .limit(size);
      if (after !== null) query.andWhere('u.id > :after', { after });
      const raw: ObjectLiteral[] = await query.getRawMany();
      if (raw.length > 0)
        yield raw.map((r) => ({
          user: hydrated(driver, users.columns, r, 'u_') as TeamsUserEntity,
          settings:
            r['s_user_id'] === null
              ? null
              : (hydrated(driver, settings.columns, r, 's_') as TeamsSettingsEntity),
        }));
      if (raw.length < size) return;
      after = String(raw[raw.length - 1]['u_id']);
    }
  }

  /** The voice routing policies Teams users hold as last read, with how many users hold each. */
  async voiceRoutingPoliciesInUse(tenantId: string): Promise<{ name: string; users: number }[]> {
    const rows: { name: string; users: string | number }[] = await this.dataSource
      .getRepository(TeamsSettingsEntity)
      .createQueryBuilder('s')
      .select('s.voiceRoutingPolicyName', 'name')
      .addSelect('COUNT(*)', 'users')
      .where('s.tenantId = :tenantId AND s.voiceRoutingPolicyName IS NOT NULL', { tenantId })
      .groupBy('s.voiceRoutingPolicyName')
      .orderBy('s.voiceRoutingPolicyName')
      .getRawMany();
    return rows.map((r) => ({ name: r.name, users: Number(r.users) }));
  }

  /**
   * The Teams settings rows that hold any of these numbers. A row's numbers are a JSON array in a
   * text column, so the table is scanned, each row's array read by the database's own JSON
   * functions (one pass, however many numbers are asked for).
   */
  async settingsHolding(
    tenantId: string,
    numbers: string[],
  ): Promise<Pick<TeamsSettingsEntity, 'userId' | 'numbers'>[]> {
    if (numbers.length === 0) return [];
    const postgres = this.dataSource.options.type === 'postgres';
    const found: { user_id: string; numbers: string }[] = [];
    for (let i = 0; i < numbers.length; i += NUMBERS_PER_SCAN) {
      const chunk = numbers.slice(i, i + NUMBERS_PER_SCAN);
      found.push(
        ...(await this.dataSource.query(
          postgres
            ? `SELECT user_id, numbers FROM teams_settings
               WHERE tenant_id = $1 AND jsonb_exists_any(numbers::jsonb, $2)`
            : `SELECT user_id, numbers FROM teams_settings
               WHERE tenant_id = ? AND numbers <> '[]' AND EXISTS (
                 SELECT 1 FROM json_each(numbers) WHERE value IN (${chunk.map(() => '?').join(', ')}))`,
          postgres ? [tenantId, chunk] : [tenantId, ...chunk],
        )),
      );
    }
    return found.map((r) => ({ userId: r.user_id, numbers: JSON.parse(r.numbers) as string[] }));
  }

  pbxUsers(tenantId: string, ids: string[]): Promise<PbxUserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(PbxUserEntity).findBy({ tenantId, id: In(ids) });
  }

  teamsUsers(tenantId: string, ids: string[]): Promise<TeamsUserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(TeamsUserEntity).findBy({ tenantId, id: In(ids) });
  }

  /** A tenant's rows of one snapshot table a page at a time (see `pagesOf`). */
  pages<T extends ObjectLiteral, K extends keyof T & string>(
    target: EntityTarget<T>,
    tenantId: string,
    key: K,
    columns: (keyof T & string)[],
    size?: number,
  ) {
    return pagesOf(this.dataSource.manager, target, tenantId, key, columns, size);
  }

  /** A tenant's rows of one snapshot table whose `key` is one of `values` (see `rowsWhereIn`). */
  where<T extends ObjectLiteral, K extends keyof T & string>(
    target: EntityTarget<T>,
    tenantId: string,
    key: K,
    values: Iterable<string>,
    columns: (keyof T & string)[],
  ) {
    return rowsWhereIn(
      this.dataSource.manager,
      target,
      { tenantId } as unknown as Partial<T>,
      key,
      values,
      columns,
    );
  }
}
