import type { PeopleOnPage } from '../snapshots/people';
import { ManualMappingEntity } from './manual-mapping.entity';

/** A manual mapping as the API shows it: both users by name and address, not only by id. */
export function mappingView(m: ManualMappingEntity, people: PeopleOnPage) {
  return {
    id: m.id,
    pbxUser: people.pbx(m.pbxUserId),
    teamsUser: people.teams(m.teamsUserId)!,
    createdBy: m.createdBy,
    createdAt: m.createdAt,
  };
}

export type MappingView = ReturnType<typeof mappingView>;
