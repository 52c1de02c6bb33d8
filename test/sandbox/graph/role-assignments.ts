import { json } from '../http';
import { deterministicGuid } from '../entra/entra-ids';
import { GraphRoute, READ_COST } from './graph-context';
import { matchesFilter, parseFilter, parseSelect, selected } from './odata';

const FIELDS = ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'appScopeId'];

const ROLE_READ = [
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];

/**
 * `GET /roleManagement/directory/roleAssignments`: the unified RBAC view of who holds which
 * directory role, filtered by `principalId` or `roleDefinitionId` (a built-in role's definition id
 * is its template id). Only tenant-wide (`/`) assignments exist in the sandbox.
 */
export function roleAssignmentRoutes(): GraphRoute[] {
  return [
    {
      method: 'GET',
      template: '/roleManagement/directory/roleAssignments',
      permissions: ROLE_READ,
      cost: READ_COST(1),
      handle: (ctx) => {
        const filter = parseFilter(ctx.req.query.get('$filter'), [
          'principalId',
          'roleDefinitionId',
        ]);
        const select = parseSelect(ctx.req.query, FIELDS, 'microsoft.graph.unifiedRoleAssignment');
        const assignments = [...ctx.tenant.accounts.values()].flatMap((account) =>
          account.roles.map((roleDefinitionId) => ({
            id: deterministicGuid(`${account.id}/${roleDefinitionId}`),
            principalId: account.id,
            roleDefinitionId,
            directoryScopeId: '/',
            appScopeId: null,
          })),
        );
        return json(200, {
          '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#roleManagement/directory/roleAssignments`,
          value: assignments
            .filter((a) => matchesFilter(a, filter))
            .map((a) => selected(a, select)),
        });
      },
    },
  ];
}
