import { json } from '../http';
import { addUser, BLANK_USER, deleteUser, liveUser, updateUser } from '../state/store';
import { GraphUserProps, SandboxTenant } from '../state/types';
import { consumedUnits } from './directory';
import { GraphContext, GraphRoute, jsonBody, WRITE_COST } from './graph-context';
import { badRequest } from './graph-errors';
import { representUser, SELECTABLE_USER_FIELDS } from './user-representation';
import { findUser } from './users';

const USER_WRITE = ['User.ReadWrite.All', 'Directory.ReadWrite.All'];
const LICENCE_WRITE = [...USER_WRITE, 'LicenseAssignment.ReadWrite.All'];

/** Entra's default password policy: 8 to 256 characters, three of four kinds of character. */
function meetsPasswordPolicy(password: string): boolean {
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((k) => k.test(password));
  return password.length >= 8 && password.length <= 256 && kinds.length >= 3;
}

function newUserProps(tenant: SandboxTenant, input: Record<string, unknown>): GraphUserProps {
  for (const field of ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName'])
    if (input[field] === undefined || input[field] === '')
      throw badRequest(`Invalid value specified for property '${field}' of resource 'User'.`);
  const upn = String(input.userPrincipalName).toLowerCase();
  const domain = upn.split('@')[1] ?? '';
  if (!tenant.domains.includes(domain))
    throw badRequest(
      'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
    );
  if (liveUser(tenant, upn))
    throw badRequest(
      'Another object with the same value for property userPrincipalName already exists.',
    );
  const password = (input.passwordProfile as { password?: unknown } | undefined)?.password;
  if (typeof password !== 'string' || !meetsPasswordPolicy(password))
    throw badRequest(
      'The specified password does not comply with password complexity requirements. Please provide a different password.',
    );
  return {
    ...BLANK_USER,
    userPrincipalName: upn,
    displayName: String(input.displayName),
    accountEnabled: input.accountEnabled === true,
    usageLocation: typeof input.usageLocation === 'string' ? input.usageLocation : null,
  };
}

/** Applies `assignLicense`: removals first, then additions, each checked as Entra checks it. */
function changeLicences(ctx: GraphContext) {
  const user = findUser(ctx);
  const input = jsonBody(ctx);
  const add = input.addLicenses;
  const remove = input.removeLicenses;
  if (!Array.isArray(add) || !Array.isArray(remove))
    throw badRequest("'addLicenses' and 'removeLicenses' are required.");
  const removed = remove.map((id) => String(id).toLowerCase());
  const licences = user.props.assignedLicenses.filter((l) => !removed.includes(l.skuId));
  for (const item of add as { skuId?: unknown; disabledPlans?: unknown }[]) {
    const skuId = String(item?.skuId ?? '').toLowerCase();
    const sku = ctx.tenant.skus.find((s) => s.skuId === skuId);
    if (!sku)
      throw badRequest(
        `License ${skuId} does not correspond to a valid company License.`,
        'Request_BadRequest',
      );
    if (!user.props.usageLocation)
      throw badRequest('License assignment cannot be done for user with invalid usage location.');
    if (licences.some((l) => l.skuId === skuId)) continue;
    if (consumedUnits(ctx.tenant, sku) >= sku.prepaidUnits.enabled)
      throw badRequest(
        `License assignment failed because the subscription for ${sku.skuPartNumber} does not have any available licenses.`,
      );
    licences.push({ skuId, disabledPlans: [] });
  }
  updateUser(ctx.tenant, user, { assignedLicenses: licences });
  return json(200, representUser(ctx.tenant, user, SELECTABLE_USER_FIELDS));
}

/** Creating and deleting users, and licensing them: what Direct Routing setup writes. */
export function userWriteRoutes(): GraphRoute[] {
  return [
    {
      method: 'POST',
      template: '/users',
      permissions: USER_WRITE,
      cost: WRITE_COST,
      handle: (ctx) => {
        const props = newUserProps(ctx.tenant, jsonBody(ctx));
        const user = addUser(ctx.tenant, props, { createdDateTime: ctx.store.nowIso() });
        return json(201, {
          '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#users/$entity`,
          ...representUser(ctx.tenant, user, SELECTABLE_USER_FIELDS),
        });
      },
    },
    {
      method: 'DELETE',
      template: '/users/:id',
      permissions: USER_WRITE,
      cost: WRITE_COST,
      handle: (ctx) => {
        deleteUser(ctx.tenant, findUser(ctx), false);
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      template: '/users/:id/assignLicense',
      permissions: LICENCE_WRITE,
      cost: WRITE_COST,
      handle: changeLicences,
    },
  ];
}
