import { Injectable } from '@nestjs/common';
import { Field, NullableField } from '../common/http/api-fields';
import { PbxUserEntity, TeamsUserEntity } from './snapshot.entities';
import { SnapshotsRepository } from './snapshots.repository';

export class PbxPerson {
  @Field() id!: string;
  @NullableField(String) name!: string | null;
  @NullableField(String) email!: string | null;
  @NullableField(String) extension!: string | null;
  @NullableField(String) directNumber!: string | null;
}

export class TeamsPerson {
  @Field() id!: string;
  @NullableField(String) displayName!: string | null;
  @NullableField(String) userPrincipalName!: string | null;
}

/** The people behind a page of ids, by name and address, as both directories were last read. */
export interface PeopleOnPage {
  pbx(id: string): PbxPerson;
  teams(id: string | null): TeamsPerson | null;
}

/** Names and addresses for the ids a response carries: two lookups per page, whatever its size. */
@Injectable()
export class People {
  constructor(private readonly snapshots: SnapshotsRepository) {}

  async onPage(
    tenantId: string,
    pbxUserIds: string[],
    teamsUserIds: (string | null)[],
  ): Promise<PeopleOnPage> {
    const [pbxRows, teamsRows] = await Promise.all([
      this.snapshots.where(PbxUserEntity, tenantId, 'id', pbxUserIds, [
        'firstName',
        'lastName',
        'email',
        'extension',
        'directNumber',
      ]),
      this.snapshots.where(
        TeamsUserEntity,
        tenantId,
        'id',
        teamsUserIds.filter((id): id is string => id !== null),
        ['displayName', 'userPrincipalName'],
      ),
    ]);
    const pbx = new Map(pbxRows.map((u) => [u.id, u]));
    const teams = new Map(teamsRows.map((u) => [u.id, u]));
    return {
      pbx: (id) => {
        const u = pbx.get(id);
        return {
          id,
          name: u ? `${u.firstName} ${u.lastName}`.trim() : null,
          email: u?.email ?? null,
          extension: u?.extension ?? null,
          directNumber: u?.directNumber ?? null,
        };
      },
      teams: (id) => {
        if (id === null) return null;
        const u = teams.get(id);
        return {
          id,
          displayName: u?.displayName ?? null,
          userPrincipalName: u?.userPrincipalName ?? null,
        };
      },
    };
  }
}
