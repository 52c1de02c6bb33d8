import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, LessThan } from 'typeorm';
import { upsertInChunks } from '../database/chunks';
import {
  DirectoryStateRow,
  PbxUserRow,
  SyncedLinkRow,
  TeamsSettingsRow,
  TeamsUserRow,
} from './snapshot.entities';

type Link = Omit<SyncedLinkRow, 'syncedAt'>;

/** The snapshot tables: both directories as last read, the read state, and the synced pairs. */
@Injectable()
export class SnapshotsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager) {
    return tx ?? this.dataSource.manager;
  }

  state(tenantId: string): Promise<DirectoryStateRow | null> {
    return this.dataSource.getRepository(DirectoryStateRow).findOneBy({ tenantId });
  }

  async saveState(tenantId: string, changes: Partial<DirectoryStateRow>): Promise<void> {
    const repo = this.dataSource.getRepository(DirectoryStateRow);
    const current = (await repo.findOneBy({ tenantId })) ?? {
      tenantId,
      pbxReadAt: null,
      microsoftReadAt: null,
      deltaLinkEncrypted: null,
    };
    await repo.save({ ...current, ...changes });
  }

  async upsertPbxUsers(rows: PbxUserRow[]): Promise<void> {
    await upsertInChunks(this.dataSource.manager, PbxUserRow, rows, ['tenantId', 'id']);
  }

  async upsertTeamsUsers(rows: TeamsUserRow[]): Promise<void> {
    await upsertInChunks(this.dataSource.manager, TeamsUserRow, rows, ['tenantId', 'id']);
  }

  async upsertTeamsSettings(rows: TeamsSettingsRow[], tx?: EntityManager): Promise<void> {
    await upsertInChunks(this.manager(tx), TeamsSettingsRow, rows, ['tenantId', 'userId']);
  }

  /** Drops what a full read did not see again. */
  async dropUnseen(
    target: typeof PbxUserRow | typeof TeamsUserRow | typeof TeamsSettingsRow,
    tenantId: string,
    seenAt: Date,
  ): Promise<void> {
    await this.dataSource.getRepository(target).delete({ tenantId, seenAt: LessThan(seenAt) });
  }

  /** Microsoft 365 users gone, with their Teams settings. */
  async removeTeamsUsers(tenantId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.getRepository(TeamsUserRow).delete({ tenantId, id: In(ids) });
    await this.dataSource.getRepository(TeamsSettingsRow).delete({ tenantId, userId: In(ids) });
  }

  /** Pairs now in Teams are pinned to the Teams object id. */
  async pinLinks(links: Link[], syncedAt: Date, tx?: EntityManager): Promise<void> {
    await upsertInChunks(
      this.manager(tx),
      SyncedLinkRow,
      links.map((l) => ({ ...l, syncedAt })),
      ['tenantId', 'pbxUserId'],
    );
  }

  async releaseLinks(tenantId: string, pbxUserIds: string[], tx?: EntityManager): Promise<void> {
    if (pbxUserIds.length === 0) return;
    await this.manager(tx)
      .getRepository(SyncedLinkRow)
      .delete({ tenantId, pbxUserId: In(pbxUserIds) });
  }

  /** Whether the last read knows the user: null when that side was not read yet. */
  async knows(
    target: typeof PbxUserRow | typeof TeamsUserRow,
    tenantId: string,
    id: string,
  ): Promise<boolean | null> {
    const repo = this.dataSource.getRepository(target);
    if (await repo.existsBy({ tenantId, id })) return true;
    return (await repo.existsBy({ tenantId })) ? false : null;
  }

  /** Everything the matching engine needs of one tenant. */
  async tenantRows(tenantId: string) {
    const where = { tenantId };
    const [pbx, teams, settings, links] = await Promise.all([
      this.dataSource.getRepository(PbxUserRow).findBy(where),
      this.dataSource.getRepository(TeamsUserRow).findBy(where),
      this.dataSource.getRepository(TeamsSettingsRow).findBy(where),
      this.dataSource.getRepository(SyncedLinkRow).findBy(where),
    ]);
    return { pbx, teams, settings, links };
  }

  pbxUsers(tenantId: string, ids: string[]): Promise<PbxUserRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(PbxUserRow).findBy({ tenantId, id: In(ids) });
  }

  teamsUsers(tenantId: string, ids: string[]): Promise<TeamsUserRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(TeamsUserRow).findBy({ tenantId, id: In(ids) });
  }
}
