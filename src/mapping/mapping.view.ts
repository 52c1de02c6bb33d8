import { ManualMappingEntity } from './manual-mapping.entity';

/** A manual mapping as the API shows it: both users by name and address, not only by id. */
export function mappingView(
  m: ManualMappingEntity,
  pbx:
    | {
        email: string | null;
        firstName: string;
        lastName: string;
        extension: string;
        directNumber: string | null;
      }
    | undefined,
  teams: { userPrincipalName: string; displayName: string } | undefined,
) {
  return {
    id: m.id,
    pbxUser: {
      id: m.pbxUserId,
      email: pbx?.email ?? null,
      name: pbx ? `${pbx.firstName} ${pbx.lastName}`.trim() : null,
      extension: pbx?.extension ?? null,
      directNumber: pbx?.directNumber ?? null,
    },
    teamsUser: {
      id: m.teamsUserId,
      userPrincipalName: teams?.userPrincipalName ?? null,
      displayName: teams?.displayName ?? null,
    },
    createdBy: m.createdBy,
    createdAt: m.createdAt,
  };
}

export type MappingView = ReturnType<typeof mappingView>;
