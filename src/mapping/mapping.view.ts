import { ManualMappingEntity } from './manual-mapping.entity';

/** A manual mapping as the API shows it. */
export function mappingView(m: ManualMappingEntity) {
  return {
    id: m.id,
    pbxUserId: m.pbxUserId,
    teamsUserId: m.teamsUserId,
    createdBy: m.createdBy,
    createdAt: m.createdAt,
  };
}

export type MappingView = ReturnType<typeof mappingView>;
