import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import { previewUserView, PreviewUsersPageView } from './preview-user.view';
import { PreviewsRepository, PreviewUsersFilter } from './previews.repository';

/** The users behind the figures of a tenant's latest preview, with both sides as last read. */
@Injectable()
export class PreviewUsers {
  constructor(
    private readonly previews: PreviewsRepository,
    private readonly snapshotRows: SnapshotsRepository,
  ) {}

  /** The users behind one figure of the latest preview, a page at a time. */
  async page(
    tenantId: string,
    filter: PreviewUsersFilter,
    page: number,
    pageSize: number,
  ): Promise<PreviewUsersPageView> {
    const latest = await this.previews.latest(tenantId);
    if (!latest)
      throw new DomainError('NOT_FOUND', 'There is no preview yet: GET /sync/preview first.');
    const [entries, total] = await this.previews.entries(latest.id, filter, page, pageSize);
    const ids = (key: 'pbxUserId' | 'teamsUserId') =>
      entries.map((e) => e[key]).filter((id): id is string => id !== null);
    const [pbx, teams] = await Promise.all([
      this.snapshotRows.pbxUsers(tenantId, ids('pbxUserId')),
      this.snapshotRows.teamsUsers(tenantId, ids('teamsUserId')),
    ]);
    const pbxById = new Map(pbx.map((u) => [u.id, u]));
    const teamsById = new Map(teams.map((u) => [u.id, u]));
    return {
      previewId: latest.id,
      generatedAt: latest.generatedAt,
      change: filter.change ?? null,
      figure: filter.figure ?? null,
      page,
      pageSize,
      total,
      items: entries.map((e) =>
        previewUserView(
          e,
          e.pbxUserId ? pbxById.get(e.pbxUserId) : undefined,
          e.teamsUserId ? teamsById.get(e.teamsUserId) : undefined,
        ),
      ),
    };
  }
}
