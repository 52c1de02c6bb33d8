import { type FormEvent } from 'react';
import { api, ok } from '../api';
import { ErrorNote, Loading, Notice, when } from '../components/feedback';
import { useMe } from '../session';
import { PersonFields, personFrom } from '../components/person-fields';
import { useChange } from '../use-action';
import { useLoad } from '../use-load';
import { statusWords } from './people-words';

type TenantRole = 'tenant_admin' | 'member';
const ROLE_WORDS: Record<string, string> = {
  tenant_admin: 'Admin',
  member: 'Member (read-only)',
  provider_admin: 'Provider admin',
};

/** The tenant's admins and members: invite, change role, remove, as the caller may. */
export function Admins({ tenantId, canManage }: { tenantId: string; canManage: boolean }) {
  const me = useMe();
  const id = tenantId;
  const people = useLoad(
    () => ok(api.GET('/api/v1/tenants/{id}/operators', { params: { path: { id } } })),
    id,
  );
  const { error, notice, act } = useChange(() => people.reload());
  const invite = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    return act('invite', async () => {
      const added = await ok(
        api.POST('/api/v1/tenants/{id}/operators', {
          params: { path: { id } },
          body: {
            ...personFrom(f),
            role: f.get('role') as TenantRole,
          },
        }),
      );
      form.reset();
      return added.invitationExpiresAt
        ? `Invitation sent to ${added.operator.email}.`
        : `${added.operator.email} has an account already and now has access to this tenant.`;
    });
  };
  const changeRole = (operatorId: string, role: TenantRole) =>
    act('role', async () => {
      const changed = await ok(
        api.PATCH('/api/v1/tenants/{id}/operators/{operatorId}', {
          params: { path: { id, operatorId } },
          body: { role },
        }),
      );
      return `${changed.email} is now ${ROLE_WORDS[changed.role]}.`;
    });
  const reinvite = (operatorId: string) =>
    act('reinvite', async () => {
      const sent = await ok(
        api.POST('/api/v1/tenants/{id}/operators/{operatorId}/invitation', {
          params: { path: { id, operatorId } },
        }),
      );
      return `A new invitation was sent to ${sent.operator.email}, valid until ${when(sent.expiresAt)}; the link sent before no longer works.`;
    });
  const remove = (operatorId: string) =>
    act('remove', async () => {
      const removed = await ok(
        api.DELETE('/api/v1/tenants/{id}/operators/{operatorId}', {
          params: { path: { id, operatorId } },
        }),
      );
      return removed.deactivated
        ? `${removed.operator.email} no longer has access and has been deactivated.`
        : `${removed.operator.email} no longer has access to this tenant.`;
    });

  return (
    <>
      <h2>Admins and members</h2>
      <ErrorNote error={error ?? people.error} />
      {notice ? <Notice>{notice}</Notice> : null}
      {!people.data ? (
        <Loading what="admins" />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Admins and members</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail address</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                {canManage ? <th scope="col">Change</th> : null}
              </tr>
            </thead>
            <tbody>
              {people.data.map((p) => (
                <tr key={p.id}>
                  <td>
                    {p.firstName} {p.lastName}
                  </td>
                  <td>{p.email}</td>
                  <td>{ROLE_WORDS[p.role]}</td>
                  <td>{statusWords(p)}</td>
                  {canManage ? (
                    <td>
                      {p.id === me.id ? (
                        'You'
                      ) : (
                        <div className="buttons">
                          <button
                            type="button"
                            className="quiet"
                            onClick={() =>
                              changeRole(p.id, p.role === 'member' ? 'tenant_admin' : 'member')
                            }
                          >
                            {p.role === 'member' ? 'Make admin' : 'Make member'}
                          </button>
                          {p.status === 'invited' ? (
                            <button type="button" className="quiet" onClick={() => reinvite(p.id)}>
                              Send a new invitation
                            </button>
                          ) : null}
                          <button type="button" className="quiet" onClick={() => remove(p.id)}>
                            Remove
                          </button>
                        </div>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage ? (
        <form onSubmit={invite} className="stacked">
          <fieldset>
            <legend>Invite an admin or member</legend>
            <PersonFields />
            <label>
              Role
              <select name="role" defaultValue="member">
                <option value="member">Member (read-only)</option>
                <option value="tenant_admin">Admin</option>
              </select>
            </label>
            <button type="submit">Send invitation</button>
          </fieldset>
        </form>
      ) : null}
    </>
  );
}
